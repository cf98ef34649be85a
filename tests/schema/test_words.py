import pytest

from designer.schema.words import plural, singular


@pytest.mark.parametrize(
    ("many", "one"),
    [
        ("users", "user"),
        ("categories", "category"),
        ("boxes", "box"),
        ("matches", "match"),
        ("addresses", "address"),
        ("responses", "response"),
        ("purchases", "purchase"),
        ("databases", "database"),
        ("caches", "cache"),
        ("movies", "movie"),
        ("statuses", "status"),
        ("people", "person"),
        ("order_items", "order_item"),
        ("Users", "User"),
    ],
)
def test_singular_and_plural(many, one):
    assert singular(many) == one
    assert plural(one) == many


@pytest.mark.parametrize("word", ["data", "metadata", "status", "名前", "news", "1st"])
def test_words_it_cannot_read_or_that_are_already_singular_stay(word):
    assert singular(word) == word
