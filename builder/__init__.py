"""plansite: builds the bilingual public website of Wuhan's IP work plan.

Layers, lowest first (a module imports only from lower layers):
0 errors -> 1 model, config -> 2 load, i18n -> 3 validate -> 4 render
-> 5 build (the only layer that writes files) -> 6 cli, hook (the only
layers that import click or mkdocs).
"""

__version__ = "0.1.0"
