import sys

from evals.cli import run_eval_cli
from rag.cli import setup_logging
from rag.settings import Settings

settings = Settings()
setup_logging(settings.log_level)
sys.exit(run_eval_cli(sys.argv[1:], settings))
