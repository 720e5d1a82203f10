"""plansite: publishes a plan and its progress, from data/, as a multilingual static website.

The layers of the package are listed once, in the import-linter contract of
pyproject.toml (and the README, "How the code is organised").
"""

__version__ = "0.1.0"
