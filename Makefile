# Two commands set everything up on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make site   create .venv, install, build site/
#   make test   install test tools (and Chromium), run the tests
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
APT_PACKAGES := chromium fonts-noto-cjk
# make bench also profiles pages in Chromium and counts instructions with Valgrind.
BENCH_APT_PACKAGES := $(APT_PACKAGES) valgrind

.PHONY: site test check serve lint format bench clean vnu

site: $(VENV)/.installed
	$(BIN)/plansite build

check: $(VENV)/.installed
	$(BIN)/plansite check

serve: $(VENV)/.installed
	$(BIN)/plansite serve

test: $(VENV)/.installed-test system-packages vnu
	$(BIN)/ruff check builder tests
	$(BIN)/ruff format --check builder tests
	$(BIN)/lint-imports
	$(BIN)/pytest

# Figures, not pass/fail: build times, peak memory, output size, growth with plan size.
bench: $(VENV)/.installed-test
	@$(MAKE) --no-print-directory system-packages APT_PACKAGES="$(BENCH_APT_PACKAGES)"
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m builder.bench $(BENCH_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check builder tests

format: $(VENV)/.installed-test
	$(BIN)/ruff format builder tests

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Debian's Chromium drives the browser tests; Noto CJK renders Chinese in screenshots.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The Nu HTML Checker (npm vnu-jar) validates the generated pages in the browser
# suite; it runs on Java (installed with apt-get where missing, like Chromium).
VNU_VERSION := 26.9.27
VNU_JAR     := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar

vnu: $(VNU_JAR)

$(VNU_JAR):
	@missing=""; command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	npm install --prefix .cache/vnu --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION)
	test -f $@

clean:
	rm -rf site .site-builds .site-new-* .site-old-* .plansite.lock .cache/templates .cache/charts
	find site_src -mindepth 1 ! -name .gitignore -delete
