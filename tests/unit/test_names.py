"""Naming rules for sequences, topics and topic locators (domain/names.py)."""

from __future__ import annotations

import pytest

from mosaicolabs.domain.errors import InvalidNameError, InvalidRequestError, MosaicoError
from mosaicolabs.domain.names import (
    MAX_NAME_LENGTH,
    normalize_topic_name,
    split_topic_locator,
    topic_display_name,
    topic_locator,
    validate_sequence_name,
)

# -- sequences ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["a", "Z", "7", "run_2024-01-01", "A-b_C-9", "0_", "x" * MAX_NAME_LENGTH],
)
def test_valid_sequence_names_are_returned_unchanged(name):
    assert validate_sequence_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "_leading_underscore",
        "-leading-dash",
        "has space",
        " lead",
        "trail ",
        "tab\there",
        "new\nline",
        "trailing_newline\n",
        "séquence",
        "ünicode",
        "٣digits",  # Arabic-Indic digit: not ASCII
        "a/b",
        "a.b",
        "a*b",
        "x" * (MAX_NAME_LENGTH + 1),
    ],
)
def test_invalid_sequence_names_raise_invalid_name_error(name):
    with pytest.raises(InvalidNameError) as info:
        validate_sequence_name(name)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, InvalidRequestError)
    assert isinstance(info.value, MosaicoError)


@pytest.mark.parametrize("name", [None, 12, 1.5, b"bytes", ["a"], {"a": 1}])
def test_non_str_sequence_names_raise_invalid_name_error(name):
    with pytest.raises(InvalidNameError, match="must be a str"):
        validate_sequence_name(name)


def test_empty_sequence_name_message_says_empty():
    with pytest.raises(InvalidNameError, match="empty"):
        validate_sequence_name("")


def test_too_long_name_error_mentions_limit_and_truncates_resource():
    name = "y" * (MAX_NAME_LENGTH + 10)
    with pytest.raises(InvalidNameError) as info:
        validate_sequence_name(name)
    assert str(MAX_NAME_LENGTH) in str(info.value)
    assert info.value.resource is not None
    assert len(info.value.resource) < 100


def test_invalid_sequence_name_error_names_the_resource():
    with pytest.raises(InvalidNameError) as info:
        validate_sequence_name("bad name")
    assert info.value.resource == "bad name"


# -- topics -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "bare"),
    [
        ("imu", "imu"),
        ("/imu", "imu"),
        ("sensors/imu", "sensors/imu"),
        ("/sensors/imu", "sensors/imu"),
        ("/a/b/c_d-e/9", "a/b/c_d-e/9"),
        ("0/_x/-y", "0/_x/-y"),  # later segments may start with '_' or '-'
    ],
)
def test_topic_names_normalize_to_bare_form(given, bare):
    assert normalize_topic_name(given) == bare
    assert topic_display_name(given) == "/" + bare


def test_with_and_without_leading_slash_are_the_same_topic():
    assert normalize_topic_name("/sensors/imu") == normalize_topic_name("sensors/imu")


@pytest.mark.parametrize(
    "name",
    [
        "",
        "/",
        "//imu",
        "a//b",
        "/a//b",
        "a/",
        "/a/b/",
        "_imu",
        "/_imu",
        "-imu",
        "has space",
        "/imü",
        "a\\b",
        "a.b",
        "/" + "t" * MAX_NAME_LENGTH,
    ],
)
def test_invalid_topic_names_raise_invalid_name_error(name):
    with pytest.raises(InvalidNameError) as info:
        normalize_topic_name(name)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("name", [None, 3, b"/imu", ("a",)])
def test_non_str_topic_names_raise(name):
    with pytest.raises(InvalidNameError):
        normalize_topic_name(name)
    with pytest.raises(InvalidNameError):
        topic_display_name(name)


def test_topic_name_of_exactly_max_length_is_valid():
    name = "t" * MAX_NAME_LENGTH
    assert normalize_topic_name(name) == name


# -- locators -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sequence", "topic", "locator"),
    [
        ("seq", "/imu", "seq/imu"),
        ("seq", "imu", "seq/imu"),
        ("run-1", "/sensors/front/cam", "run-1/sensors/front/cam"),
        ("R_2", "a-b/c_d", "R_2/a-b/c_d"),
    ],
)
def test_topic_locator_build_and_split_round_trip(sequence, topic, locator):
    assert topic_locator(sequence, topic) == locator
    seq, bare = split_topic_locator(locator)
    assert (seq, bare) == (sequence, topic.lstrip("/"))
    assert topic_locator(seq, bare) == locator


@pytest.mark.parametrize(
    ("sequence", "topic"),
    [("bad seq", "/imu"), ("_seq", "imu"), ("seq", "a//b"), ("seq", "imu/"), ("", "imu"),
     ("seq", "")],
)
def test_topic_locator_validates_both_parts(sequence, topic):
    with pytest.raises(InvalidNameError):
        topic_locator(sequence, topic)


@pytest.mark.parametrize(
    "locator",
    ["seq", "seq/", "", "bad seq/imu", "_s/imu", "seq/a//b", "seq/imu/", "seq/ imu", None, 5],
)
def test_split_topic_locator_rejects_bad_locators(locator):
    with pytest.raises(InvalidNameError):
        split_topic_locator(locator)


def test_split_topic_locator_without_topic_part_says_so():
    with pytest.raises(InvalidNameError, match="not a topic locator"):
        split_topic_locator("only_sequence")


def test_split_keeps_nested_topic_segments_together():
    assert split_topic_locator("seq/a/b/c") == ("seq", "a/b/c")


@pytest.mark.parametrize("locator", ["seq//topic", "/seq/topic", "seq/", "seq"])
def test_split_topic_locator_rejects_empty_parts(locator):
    with pytest.raises(InvalidNameError):
        split_topic_locator(locator)
