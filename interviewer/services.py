"""Builds the adapters from Settings: the one place that wires the store, the embedder and the KB."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from interviewer.adapters.chroma_store import ChromaStore
from interviewer.adapters.embedder import CachedEmbedder, SentenceTransformerEmbedder
from interviewer.coding.judge import Judge
from interviewer.domain.feedback import Citation
from interviewer.domain.model import InterviewModel
from interviewer.domain.questions import Round
from interviewer.domain.text import split_sentences
from interviewer.grading.analysis import GradeTarget, mean_direction
from interviewer.grading.grader import Grader
from interviewer.grading.points import MAX_WINDOWS
from interviewer.grading.targets import adhoc_target, grading_texts
from interviewer.interview.engine import Interviewer
from interviewer.interview.phrasing import OfflineModel
from interviewer.interview.session import Session
from interviewer.kb.catalog import load_bank, load_confusions, load_operation_costs
from interviewer.kb.ingest import IngestReport, Progress, builtin_sources, is_gone, load_topics, sync, user_sources
from interviewer.kb.ports import Embedder, VectorMemo, VectorStore
from interviewer.kb.retrieval import KnowledgeBase
from interviewer.settings import Settings


@cache
def _embedder(model_path: str | None, threads: int | None, adapter: str | None) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(
        Path(model_path) if model_path else None, threads=threads, adapter_path=Path(adapter) if adapter else None
    )


def adapter_path(settings: Settings) -> Path | None:
    """The embedding adapter the settings name: the shipped one, none, or a folder."""
    from interviewer.adapters.embedding_tuning import SHIPPED_ADAPTER

    choice = settings.embedding_adapter.strip()
    if choice.lower() == "none":
        return None
    return SHIPPED_ADAPTER if choice.lower() == "shipped" else Path(choice).expanduser()


def build_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """The embedder named by the settings; one instance (and one loaded model) per process."""
    path, adapter = settings.embedding_model_path, adapter_path(settings)
    return _embedder(str(path) if path else None, settings.embed_threads, str(adapter) if adapter else None)


def build_store(settings: Settings) -> ChromaStore:
    """The vector store named by the settings: a Chroma server when a URL is set, else embedded."""
    embedder = build_embedder(settings)
    if settings.chroma_url:
        return ChromaStore(settings.collection, embedder.name, url=settings.chroma_url)
    return ChromaStore(settings.collection, embedder.name, path=settings.resolved_chroma_path)


def build_knowledge_base(settings: Settings, store: VectorStore | None = None) -> KnowledgeBase:
    """A KnowledgeBase over the configured store."""
    return KnowledgeBase(
        store or build_store(settings), build_embedder(settings), hybrid=settings.search_mode == "hybrid"
    )


def ready_knowledge_base(
    settings: Settings, notice: Callable[[str], None] | None = None, progress: Progress | None = None
) -> KnowledgeBase:
    """The configured knowledge base, ingesting the built-in knowledge first when its store is empty; `progress`
    hears (passages embedded, passages to embed) as the first run goes."""
    kb = build_knowledge_base(settings)
    if kb.store.count() == 0:
        if notice:
            notice("Preparing the knowledge base (first run only)...")
        # The bank's grading texts are left out: the memo fills as questions are graded, and the first start stays
        # about 40 s shorter. `interviewer ingest` (the hosted recipe's step) embeds them all.
        run_ingest(settings, store=kb.store, progress=progress, grading=False)
    return kb


def run_ingest(
    settings: Settings,
    paths: list[str] | tuple[str, ...] = (),
    progress: Progress | None = None,
    store: VectorStore | None = None,
    grading: bool = True,
) -> IngestReport:
    """Ingest the built-in knowledge plus the given user documents into the configured store; with `grading`, make
    sure the store also keeps a vector for every text the bank's questions are graded with."""
    from pathlib import Path

    topics, topic_errors = load_topics()
    _, confusion_errors = load_confusions()
    _, cost_errors = load_operation_costs()
    builtin = builtin_sources()
    extra, path_errors = user_sources(Path(p) for p in paths)
    builtin_docs = {s.doc for s in builtin}
    target = store or build_store(settings)
    report = sync(
        target,
        build_embedder(settings),
        [*builtin, *extra],
        topics,
        gone=lambda doc: is_gone(doc, builtin_docs),
        progress=progress,
    )
    report.errors[:0] = [*topic_errors, *confusion_errors, *cost_errors, *path_errors]
    if grading and isinstance(target, VectorMemo):
        report.grading_texts = store_grading_vectors(target, build_embedder(settings))
    return report


def store_grading_vectors(memo: VectorMemo, embedder: Embedder) -> int:
    """Make the store keep a vector for every text the bank's questions are graded with: those missing (first run,
    a changed bank) are embedded and stored. Returns how many were embedded."""
    texts = grading_texts(load_bank())
    known = memo.recall(texts)
    # Shortest first: a batch is padded to its longest text (4,100 texts: 57 s in bank order, 38 s sorted).
    missing = sorted((t for t in texts if t not in known), key=len)
    for start in range(0, len(missing), 64):
        part = missing[start : start + 64]
        memo.remember(part, embedder.embed(part))
    return len(missing)


@cache
def _knowledge_texts() -> tuple[str, ...]:
    """The built-in knowledge base's guides and YAML files, read once for the vocabulary and the domain's stems."""
    from interviewer.paths import knowledge_dir

    return tuple(
        path.read_text(encoding="utf-8") for path in knowledge_dir().rglob("*.*") if path.suffix in {".md", ".yaml"}
    )


@cache
def _knowledge_stems() -> frozenset[str]:
    """The content stems the built-in knowledge base uses anywhere: the language of ML interviews."""
    from interviewer.domain.text import content_stems

    return frozenset(stem for text in _knowledge_texts() for stem in content_stems(text))


@cache
def _vocabulary(model_path: str | None) -> frozenset[str]:
    from pathlib import Path

    from interviewer.adapters.embedder import default_model_path, load_vocabulary
    from interviewer.domain.text import words

    # The model's vocabulary plus our own knowledge base's words (underfitting, regularization, ...).
    ours = {w for text in _knowledge_texts() for w in words(text)}
    return load_vocabulary(Path(model_path) if model_path else default_model_path()) | ours


def build_grader(settings: Settings, model: InterviewModel | None = None, kb: KnowledgeBase | None = None) -> Grader:
    """A grader over the configured knowledge base; model None grades offline. The bank's grading texts are read
    from the store's memo when there (`interviewer ingest` puts them there), so no answer waits for them."""
    knowledge = kb or build_knowledge_base(settings)
    path = settings.embedding_model_path
    memo = knowledge.store if isinstance(knowledge.store, VectorMemo) else None
    kept = frozenset(grading_texts(load_bank()))
    model_embedder = build_embedder(settings)
    embedder = CachedEmbedder(model_embedder, memo=memo, kept=kept)

    def sentence_direction(answer: str, extra: list[str] | None = None) -> list[float]:
        """The mean direction of the answer's sentences (and any extra texts), from cached vectors."""
        sentences = [s.text for s in split_sentences(answer)][:MAX_WINDOWS]
        return mean_direction(embedder.embed([*(extra or []), *sentences]))

    def retrieve(target: GradeTarget, answer: str) -> list[Citation]:
        # The question's and the sentences' vectors are already cached by the analysis: average them.
        vector = sentence_direction(answer, [target.question])
        query = f"{target.question} {answer[:600]}".strip()
        hits = knowledge.search_by_vector(vector, query, round=target.round, k=3, kind="guidance")
        return [Citation(source=h.source, section=h.section, text=h.text, score=round(h.score, 3)) for h in hits]

    def related(answer: str) -> list[tuple[str, float]]:
        vector = sentence_direction(answer)
        hits = knowledge.search_by_vector(vector, answer[:600], k=3, kind="question")
        return [(h.topic, h.score) for h in hits]

    vocabulary = _vocabulary(str(path) if path else None)
    return Grader(
        embedder.embed,
        vocabulary,
        model,
        retrieve,
        related,
        confusions=load_confusions()[0],
        costs=load_operation_costs()[0],
        domain_stems=_knowledge_stems(),
        similarity_shift=model_embedder.similarity_shift,
    )


@cache
def build_judge() -> Judge:
    """The judge that runs candidates' code: the problems in knowledge/problems/, in the bubblewrap sandbox (rlimits
    only, with a warning on every result, where bubblewrap is missing). One per process: it keeps reference outputs."""
    from interviewer.adapters.sandbox import BubblewrapSandbox
    from interviewer.kb.problems import load_problems, sql_database_script

    problems, errors = load_problems()
    return Judge(problems, BubblewrapSandbox(), sql_database_script(), skipped=errors)


def build_model(settings: Settings) -> InterviewModel | None:
    """The LLM model when an endpoint is configured, else None (offline)."""
    if not settings.llm_enabled:
        return None
    from interviewer.adapters.openai_model import build_llm_model

    return build_llm_model(settings)


def build_interviewer(
    settings: Settings, session: Session, model: InterviewModel | None = None, kb: KnowledgeBase | None = None
) -> Interviewer:
    """An Interviewer for a session: the LLM phrases and judges when configured, offline otherwise."""
    from interviewer.kb.catalog import load_bank

    knowledge = kb or build_knowledge_base(settings)
    offline = OfflineModel()
    grader = build_grader(settings, model, knowledge)
    return Interviewer(load_bank(), grader, model or offline, offline, session, runner=build_judge())


def answer_grading(settings: Settings) -> tuple[Callable[[Round, str, str | None], GradeTarget], Grader]:
    """What grading any answer needs, built once: a target for any question (the bank's own key points, else a
    reference answer when given, else retrieved guidance) and the grader. `grade`, `grade --batch` and
    `eval grader --target auto` all use it."""
    kb = ready_knowledge_base(settings)
    bank, grader = load_bank(), build_grader(settings, build_model(settings), kb)

    def target(round_: Round, question: str, reference: str | None) -> GradeTarget:
        # The grader's embedder: the bank's questions, compared with one asked in other words, are in its memo.
        return adhoc_target(round_, question, bank, kb, grader.embed, reference)

    return target, grader
