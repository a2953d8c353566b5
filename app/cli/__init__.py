"""The headless commands of DESIGN.md section 7: thin over the services.

Their names, options and JSON shapes are a contract: they may grow, never change. Each
feature module adds its commands in `register(commands, common)` and sets `handler`.
"""

from app.cli.core import build_parser, main, run_command
from app.cli.output import Output

__all__ = ["Output", "build_parser", "main", "run_command"]
