from retrieval.engine import Engine


def test_engine_answers_from_bundled_documents() -> None:
    answer = Engine.from_folder().answer("When was the third SPD?")
    assert "SPD" in answer.text and answer.citations
