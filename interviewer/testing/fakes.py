"""Test doubles of the model port (a queue-fed model and a function-driven model) and of the code runner."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from interviewer.domain.model import JudgeRequest, ModelJudgement, PhraseRequest
from interviewer.domain.runs import CodeReport, RunMode


class _NamedModel:
    """A test double's name and prompt version, as the port exposes them."""

    def __init__(self, name: str, prompt_version: str | None) -> None:
        self._name = name
        self._prompt_version = prompt_version

    @property
    def name(self) -> str:
        """The configured name."""
        return self._name

    @property
    def prompt_version(self) -> str | None:
        """The configured prompt version."""
        return self._prompt_version


class QueueModel(_NamedModel):
    """Returns queued phrases and judgements in order; a queued exception is raised instead."""

    def __init__(
        self,
        phrases: Iterable[str | Exception] = (),
        judgements: Iterable[ModelJudgement | Exception] = (),
        name: str = "queue-model",
        prompt_version: str | None = "test",
    ) -> None:
        self._phrases: deque[str | Exception] = deque(phrases)
        self._judgements: deque[ModelJudgement | Exception] = deque(judgements)
        super().__init__(name, prompt_version)
        self.phrase_requests: list[PhraseRequest] = []
        self.judge_requests: list[JudgeRequest] = []

    def phrase(self, request: PhraseRequest) -> Iterator[str]:
        """Yield the next queued phrase word by word."""
        self.phrase_requests.append(request)
        if not self._phrases:
            raise AssertionError("QueueModel has no phrase left")
        item = self._phrases.popleft()
        if isinstance(item, Exception):
            raise item
        words = item.split(" ")
        for i, word in enumerate(words):
            yield word if i == len(words) - 1 else word + " "

    def judge(self, request: JudgeRequest) -> ModelJudgement:
        """Return the next queued judgement."""
        self.judge_requests.append(request)
        if not self._judgements:
            raise AssertionError("QueueModel has no judgement left")
        item = self._judgements.popleft()
        if isinstance(item, Exception):
            raise item
        return item


class FunctionModel(_NamedModel):
    """Computes phrases and judgements with the given functions."""

    def __init__(
        self,
        phrase: Callable[[PhraseRequest], str] | None = None,
        judge: Callable[[JudgeRequest], ModelJudgement] | None = None,
        name: str = "function-model",
        prompt_version: str | None = "test",
    ) -> None:
        self._phrase = phrase
        self._judge = judge
        super().__init__(name, prompt_version)

    def phrase(self, request: PhraseRequest) -> Iterator[str]:
        """Yield the function's text."""
        if self._phrase is None:
            raise AssertionError("FunctionModel has no phrase function")
        yield self._phrase(request)

    def judge(self, request: JudgeRequest) -> ModelJudgement:
        """Return the function's judgement."""
        if self._judge is None:
            raise AssertionError("FunctionModel has no judge function")
        return self._judge(request)


class FunctionRunner:
    """A CodeRunner that answers with a function of (problem id, code, mode, talk) and records every call."""

    def __init__(self, fn: Callable[[str, str, str, str], CodeReport]) -> None:
        self._fn = fn
        self.calls: list[tuple[str, str, str, str]] = []

    def check(self, problem_id: str, code: str, mode: RunMode = "submit", talk: str = "") -> CodeReport:
        """The function's report for this call."""
        self.calls.append((problem_id, code, mode, talk))
        return self._fn(problem_id, code, mode, talk)
