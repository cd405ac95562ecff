from rag.ingest.clean import clean_lines, is_noise, is_trailer


def test_furniture_lines_in_each_language() -> None:
    for line in ("Comment (0)", "Bình luận (3)", "Photo : VNA/CVN", "Partager", "./."):
        assert is_noise(line), line
    assert not is_noise("The ministers met in Hanoi.")
    for line in ("Related", "Tin liên quan:", "Lire aussi", "Read more"):
        assert is_trailer(line), line


def test_trailer_drops_everything_after_it_and_repeats_are_kept_once() -> None:
    lines = ["Title", "Caption.", "Caption.", "Body.", "Related", "Other story", "Another"]
    assert clean_lines(lines) == (["Title", "Caption.", "Body."], 4)
