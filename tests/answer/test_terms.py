"""Glossary terms that name a kind of entity."""

from rag.answer.terms import GENERIC, named_bodies, type_terms
from tests.support.glossary import GLOSSARY


def test_type_terms_are_folded_longest_first_without_generic_concepts() -> None:
    crimes = type_terms(GLOSSARY, "crime")
    assert "rua tien" in crimes and "money laundering" in crimes
    assert "crime" not in crimes and {"crime"} == GENERIC
    assert crimes == sorted(crimes, key=len, reverse=True)


def test_named_bodies_are_the_capitalised_names_of_bodies_only() -> None:
    bodies = named_bodies(GLOSSARY)
    assert {"interpol", "iom", "bo cong an"} <= set(bodies)
    assert "police" not in bodies  # a common noun of the police concept names no body


def test_terms_of_one_length_come_in_one_order_whatever_the_hash_seed() -> None:
    """Set order changes from process to process; the lead names a sentence's terms in this
    order, so ties are broken by the text itself."""
    for terms in (type_terms(GLOSSARY, "document"), named_bodies(GLOSSARY)):
        assert terms == sorted(terms, key=lambda term: (-len(term), term))
