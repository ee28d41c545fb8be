"""Server-rendered web pages: Jinja2 templates (autoescaped), one CSS file and SVG pictures drawn in
Python, so the UI needs no JavaScript and no build step."""

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"
