"""The refresh report as an admin reads it in Telegram: a few lines, whatever its size.

A refresh of a large folder can skip thousands of files, and its report then runs to
hundreds of kilobytes: sent whole, it was dozens of messages (55 for 3,000 skipped files),
each one a Bot API call counted against the bot's flood limits. The chat gets the counts
and the first lines instead, and the whole report comes as a text file beside them. Built
in a worker thread (``asyncio.to_thread``): it is the one piece of /reindex whose cost
grows with the folder, and the event loop serves every other chat meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.formatting import Block, split_message
from rag.lang.messages import t
from rag.models import IndexReport

HEAD_LINES = 20  # detail lines shown in the chat before pointing at the file
HEAD_CHARS = 3000  # and at most this much of them: one Telegram message with the note
FILE_NAME = "index-report.txt"


@dataclass(frozen=True)
class ReportMessages:
    messages: list[str]  # Telegram HTML, each under the message limit
    attachment: bytes | None  # the whole report, when the messages hold only its start


def report_messages(report: IndexReport, language: str | None) -> ReportMessages:
    summary = report.summary()
    lines = summary.splitlines()
    if len(lines) <= HEAD_LINES + 1 and len(split_message([Block(summary)])) == 1:
        return ReportMessages(split_message([Block(summary)]), None)
    head, size = lines[:1], len(lines[0])
    for line in lines[1 : HEAD_LINES + 1]:
        size += len(line) + 1
        if size > HEAD_CHARS:
            break
        head.append(line)
    note = t("reindex_report_more", language, more=len(lines) - len(head), file=FILE_NAME)
    blocks = [Block("\n".join(head)), Block(note, "i")]
    return ReportMessages(split_message(blocks), (summary + "\n").encode())
