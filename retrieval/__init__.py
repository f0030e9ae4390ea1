"""Questions in, answers out: analyzer, BM25 index, understanding, dialogue, composition."""
