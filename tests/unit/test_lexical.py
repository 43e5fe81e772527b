"""BM25 scoring and reciprocal rank fusion."""

from interviewer.kb.lexical import CorpusStats, reciprocal_rank_fusion, tokenize


def test_tokenize() -> None:
    assert tokenize("PR-AUC vs ROC_AUC, k=5!") == ["pr", "auc", "vs", "roc", "auc", "k", "5"]


def test_bm25_prefers_rare_matching_terms() -> None:
    texts = ["the star method for behavioral answers", "the model and the data", "the data pipeline"]
    stats = CorpusStats.build(texts)
    query = tokenize("behavioral star")
    scores = [stats.bm25(query, t) for t in texts]
    assert scores[0] > 0 and scores[1] == scores[2] == 0
    assert stats.idf("behavioral") > stats.idf("the")


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    dense = [0, 1, 2, 3]
    lexical = [2, 0, 3, 1]
    fused = reciprocal_rank_fusion([dense, lexical], weights=[1.0, 1.0])
    assert fused[0] == 0 and fused[1] == 2
    assert reciprocal_rank_fusion([dense, lexical], weights=[1.0, 0.0]) == dense
