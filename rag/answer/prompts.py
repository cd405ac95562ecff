"""Prompt templates as files in ``prompts/``, validated against their declared variables.

A template starts with a front-matter block naming its variables::

    ---
    description: what it is for
    variables: [question, passages]
    ---
    Text using ${question} and ${passages}.

Loading fails if the text uses an undeclared variable or leaves a declared one
unused, so a typo in a prompt breaks the tests, not a user's answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from string import Template

import yaml

from rag.errors import PromptError


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    description: str
    variables: frozenset[str]
    template: Template

    def render(self, **values: str) -> str:
        given = set(values)
        if given != self.variables:
            missing, extra = self.variables - given, given - self.variables
            raise PromptError(
                f"prompt {self.name}: missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        return self.template.substitute(values)


def load_prompt(path: Path) -> PromptTemplate:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise PromptError(f"{path}: missing the '---' front matter that declares variables")
    _, header, body = text.split("---\n", 2)
    meta = yaml.safe_load(header) or {}
    declared = frozenset(meta.get("variables") or [])
    template = Template(body.strip() + "\n")
    if not template.is_valid():
        raise PromptError(
            f"{path}: invalid placeholder (use ${{name}}; write $$ for a dollar sign)"
        )
    used = frozenset(template.get_identifiers())
    if used != declared:
        raise PromptError(
            f"{path}: declared {sorted(declared)} but uses {sorted(used)}; make them match"
        )
    return PromptTemplate(path.stem, str(meta.get("description", "")), declared, template)


def load_prompts(folder: Path) -> dict[str, PromptTemplate]:
    prompts = {p.stem: load_prompt(p) for p in sorted(folder.glob("*.txt"))}
    if not prompts:
        raise PromptError(f"no prompt templates found in {folder}")
    return prompts
