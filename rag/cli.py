"""`accord` console command: index, ask, chat, bot, eval. Each subcommand only wires."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from rag.answer.conversation import Conversation
from rag.answer.presenter import present
from rag.errors import AccordError
from rag.index.chunking import Chunker
from rag.ingest.explain import explain
from rag.ingest.folder import ArticlesFolder
from rag.ingest.walk import load_file
from rag.lang.detect import detect_question_language
from rag.lang.glossary import Glossary
from rag.lang.messages import t
from rag.lang.pack import packs
from rag.models import Answer, Filters
from rag.oneline import one_line, visible
from rag.redact import redacting_handler
from rag.service import RagService
from rag.settings import Settings

log = logging.getLogger(__name__)


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(settings: Settings) -> None:
    """The one logging setup of every front end (`accord ...`, `python -m evals`): its
    formatter redacts secrets (rag/redact.py), whichever library logs them."""
    handler = redacting_handler(settings, LOG_FORMAT)
    logging.basicConfig(level=settings.log_level.upper(), handlers=[handler])
    # httpx logs full request URLs, and Telegram's carry the bot token.
    for noisy in ("httpx", "httpcore", "chromadb", "urllib3", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


# --- rendering -------------------------------------------------------------------


def render_answer(answer: Answer) -> str:
    """The answer as plain text for a terminal."""
    view = present(answer)
    lines = [view.text]
    if view.note:
        lines.append(f"({view.note})")
    if view.sources:
        lines += ["", view.heading]
        for source in view.sources:
            lines.append(source.label(source.source_file, source.language))
            lines.append(f'    "{source.quote}"')  # one line, as every shown field
    return "\n".join(lines)


# --- commands ----------------------------------------------------------------------


def _filters(args: argparse.Namespace, service: RagService) -> Filters:
    """--lang, --from, --to; a filter that is malformed or can match nothing is an error
    (``FilterError``), not an empty answer."""
    filters = Filters.parse(args.lang, args.date_from, args.date_to)
    if filters.languages:
        filters.check_languages(service.corpus().languages)
    return filters


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    if args.explain:
        return explain_file(args.explain, settings)
    service = RagService.from_settings(settings, answering=False)
    report = service.refresh(full=args.full, force=args.force, show_progress=sys.stderr.isatty())
    print(report.summary())
    return 0


def explain_file(path: Path, settings: Settings) -> int:
    """Read one file as `accord index` would and print what was read; index nothing."""
    # The path as given, links not followed: a file of the articles folder is read from it,
    # so a link out of it is refused here as the index refuses it; another file from its own
    # folder.
    path = Path(os.path.abspath(path))
    seeds = Path(os.path.abspath(settings.seeds_dir))
    try:
        folder = ArticlesFolder(seeds if path.is_relative_to(seeds) else path.parent)
        relative = path.relative_to(seeds if path.is_relative_to(seeds) else path.parent)
        article = load_file(folder, relative.as_posix(), settings.max_file_bytes)
    except (AccordError, OSError) as exc:
        print(f"{visible(path.name)}: not indexed: {one_line(str(exc))}")
        return 1
    chunker = Chunker(
        Glossary.load(settings.glossary_path), settings.chunk_size, settings.chunk_overlap
    )
    print(explain(article, [chunk.text for chunk in chunker.chunk(article)]))
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    service = RagService.from_settings(settings)
    answer = service.ask(" ".join(args.question), filters=_filters(args, service))
    print(answer.model_dump_json(indent=2) if args.json else render_answer(answer))
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    service = RagService.from_settings(settings)
    info = service.corpus()
    print(f"accord: {info.documents} articles indexed. Ask a question; empty line or Ctrl-D quits.")
    conversation = Conversation(max_turns=settings.history_turns)
    filters = _filters(args, service)
    while True:
        try:
            question = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question:
            return 0
        try:
            print(render_answer(service.ask(question, conversation, filters)) + "\n")
        except AccordError as exc:  # a bad question ends one turn, not the chat
            print(exc.user_message())


def cmd_bot(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import run_bot

    return run_bot(settings)


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import BotStore

    if not (args.csv or args.to_gold):
        print("error: give --csv FILE, --to-gold FILE or both", file=sys.stderr)
        return 2
    path = settings.state_dir / "bot.sqlite3"
    if not path.exists():
        print(f"no feedback recorded yet ({path} does not exist)", file=sys.stderr)
        return 1
    store = BotStore(path)
    if args.csv:
        rows = store.export_feedback(args.csv)
        print(f"wrote {rows} feedback rows to {args.csv}")
    if args.to_gold:
        rows = store.export_gold_candidates(args.to_gold)
        print(
            f"wrote {rows} 👎 answers as candidate gold questions to {args.to_gold} (review each)"
        )
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from evals.cli import run_eval_cli

    return run_eval_cli(args.eval_args, settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="accord", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("index", help="refresh the index from the articles folder")
    p.add_argument("--full", action="store_true", help="rebuild from scratch")
    p.add_argument("--force", action="store_true", help="allow removing most of the corpus")
    p.add_argument(
        "--explain",
        type=Path,
        metavar="FILE",
        help="show what is read from FILE (title, date, outlet, dropped lines, chunks); "
        "index nothing",
    )
    p.set_defaults(func=cmd_index)
    for name, func, helptext in (
        ("ask", cmd_ask, "answer one question"),
        ("chat", cmd_chat, "terminal chat"),
    ):
        p = sub.add_parser(name, help=helptext)
        if name == "ask":
            p.add_argument("question", nargs="+")
            p.add_argument("--json", action="store_true", help="print one JSON object")
        p.add_argument("--lang", help="only articles in these languages, e.g. en,fr")
        p.add_argument(
            "--from",
            dest="date_from",
            help="only articles dated from YYYY[-MM[-DD]] on (2022: from 1 January 2022)",
        )
        p.add_argument(
            "--to",
            dest="date_to",
            help="only articles dated up to YYYY[-MM[-DD]] (2022-08: all of August 2022)",
        )
        p.set_defaults(func=func)
    sub.add_parser("bot", help="run the Telegram bot").set_defaults(func=cmd_bot)
    p = sub.add_parser("feedback", help="export the bot's 👍/👎 feedback")
    p.add_argument("--csv", type=Path, help="every vote: answer, question, citations, comment")
    p.add_argument(
        "--to-gold",
        type=Path,
        help="👎 answers as candidate gold questions (JSONL) for evaluators to review",
    )
    p.set_defaults(func=cmd_feedback)
    p = sub.add_parser(
        "eval", help="run the answer-quality eval (see `accord eval -h`)", add_help=False
    )
    p.add_argument("eval_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["eval"]:  # the eval has its own parser; pass its options through untouched
        args = argparse.Namespace(func=cmd_eval, eval_args=argv[1:])
    else:
        args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"error: invalid configuration:\n{exc}", file=sys.stderr)
        return 2
    setup_logging(settings)
    func: Callable[[argparse.Namespace, Settings], int] = args.func
    try:
        return func(args, settings)
    except AccordError as exc:
        print(f"error: {exc.user_message(_reader_language(args, settings))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: a refresh stops like a killed one, which is safe
        print(f"\n{t('interrupted', _reader_language(args, settings))}", file=sys.stderr)
        return 130


def _reader_language(args: argparse.Namespace, settings: Settings) -> str | None:
    """Who reads an error: the asker of a question reads the question's language; an admin
    running `accord index` reads the terminal's (LC_ALL, LC_MESSAGES, LANG: fr_FR.UTF-8 is
    French); otherwise the default language."""
    question = getattr(args, "question", None)
    if question:
        return detect_question_language(" ".join(question))
    code = settings.terminal_locale.split("_")[0].split(".")[0].lower()
    return code if packs().get(code) else None


if __name__ == "__main__":
    sys.exit(main())
