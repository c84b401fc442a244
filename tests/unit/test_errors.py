"""The error tree: builtin bases, attributes and pickling (domain/errors.py)."""

from __future__ import annotations

import copy
import pickle

import pytest

from mosaicolabs.domain import errors as E

ALL_ERRORS = [getattr(E, name) for name in E.__all__]

BUILTIN_BASES = [
    (E.MosaicoConnectionError, ConnectionError),
    (E.UnavailableError, ConnectionError),
    (E.DeadlineExceededError, ConnectionError),
    (E.DeadlineExceededError, TimeoutError),
    (E.AuthenticationError, ConnectionError),
    (E.ConnectionRejectedError, ConnectionError),
    (E.APIKeyRejectedError, ConnectionError),
    (E.PermissionDeniedError, PermissionError),
    (E.NotFoundError, LookupError),
    (E.InvalidRequestError, ValueError),
    (E.InvalidNameError, ValueError),
    (E.InvalidAPIKeyError, ValueError),
    (E.ClientClosedError, RuntimeError),
    (E.WriterStateError, RuntimeError),
]

PARENTS = [
    (E.UnavailableError, E.MosaicoConnectionError),
    (E.DeadlineExceededError, E.MosaicoConnectionError),
    (E.AuthenticationError, E.MosaicoConnectionError),
    (E.ConnectionRejectedError, E.MosaicoConnectionError),
    (E.TLSError, E.MosaicoConnectionError),
    (E.APIKeyRejectedError, E.AuthenticationError),
    (E.APIKeyRejectedError, E.ConnectionRejectedError),
    (E.InvalidNameError, E.InvalidRequestError),
    (E.InvalidAPIKeyError, E.InvalidRequestError),
]


def test_all_lists_every_error_class():
    assert len(ALL_ERRORS) == 23
    assert all(isinstance(cls, type) and issubclass(cls, Exception) for cls in ALL_ERRORS)


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda c: c.__name__)
def test_every_error_is_a_mosaico_error(cls):
    err = cls("boom")
    assert isinstance(err, E.MosaicoError)
    assert isinstance(err, Exception)


@pytest.mark.parametrize(("cls", "base"), BUILTIN_BASES, ids=lambda c: c.__name__)
def test_errors_derive_from_the_closest_builtin(cls, base):
    err = cls("boom")
    assert isinstance(err, base)
    with pytest.raises(base):
        raise err


@pytest.mark.parametrize(("cls", "parent"), PARENTS, ids=lambda c: c.__name__)
def test_parents_in_the_tree(cls, parent):
    assert issubclass(cls, parent)


@pytest.mark.parametrize(
    ("cls", "not_base"),
    [
        (E.AlreadyExistsError, ValueError),
        (E.AlreadyExistsError, LookupError),
        (E.ConflictError, ValueError),
        (E.ServerError, ConnectionError),
        (E.ProtocolError, ValueError),
        (E.NotFoundError, ValueError),
        (E.PermissionDeniedError, ConnectionError),
        (E.AuthenticationError, PermissionError),
        (E.UnavailableError, TimeoutError),
        (E.InvalidRequestError, E.ConflictError),
    ],
    ids=lambda c: c.__name__,
)
def test_errors_do_not_masquerade_as_unrelated_builtins(cls, not_base):
    assert not issubclass(cls, not_base)


def test_builtin_handlers_catch_library_errors():
    caught = []
    for err in (
        E.UnavailableError("down"),
        E.DeadlineExceededError("slow"),
        E.NotFoundError("gone"),
        E.InvalidNameError("bad"),
        E.PermissionDeniedError("no"),
        E.ClientClosedError("closed"),
    ):
        try:
            raise err
        except (ConnectionError, LookupError, ValueError, PermissionError, RuntimeError) as exc:
            caught.append(type(exc))
    assert len(caught) == 6


def test_attributes_default_to_none():
    err = E.NotFoundError("sequence 'x' not found")
    assert err.message == "sequence 'x' not found"
    assert str(err) == "sequence 'x' not found"
    assert err.args == ("sequence 'x' not found",)
    assert err.action is None
    assert err.resource is None
    assert err.server_message is None


def test_attributes_are_kept():
    err = E.ConflictError(
        "Session `u` is locked.",
        action="topic_create",
        resource="seq/imu",
        server_message="Session `u` is locked.",
    )
    assert (err.action, err.resource, err.server_message) == (
        "topic_create",
        "seq/imu",
        "Session `u` is locked.",
    )
    assert str(err) == "Session `u` is locked."


def test_extra_fields_are_keyword_only():
    with pytest.raises(TypeError):
        E.MosaicoError("m", "action")  # type: ignore[misc]


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_pickle_round_trip_keeps_type_and_fields(cls, protocol):
    err = cls("the message", action="act", resource="seq/topic", server_message="srv said")
    clone = pickle.loads(pickle.dumps(err, protocol=protocol))
    assert type(clone) is cls
    assert str(clone) == "the message"
    assert clone.message == "the message"
    assert clone.action == "act"
    assert clone.resource == "seq/topic"
    assert clone.server_message == "srv said"


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda c: c.__name__)
def test_pickle_round_trip_without_fields(cls):
    clone = pickle.loads(pickle.dumps(cls("only a message")))
    assert type(clone) is cls
    assert (clone.action, clone.resource, clone.server_message) == (None, None, None)
    assert str(clone) == "only a message"


def test_copy_keeps_fields():
    err = E.DeadlineExceededError("late", action="DoGet", resource="s/t")
    for clone in (copy.copy(err), copy.deepcopy(err)):
        assert type(clone) is E.DeadlineExceededError
        assert isinstance(clone, TimeoutError)
        assert (clone.action, clone.resource) == ("DoGet", "s/t")


def test_cause_is_independent_of_fields():
    try:
        try:
            raise KeyError("inner")
        except KeyError as inner:
            raise E.ProtocolError("cannot decode", action="version") from inner
    except E.ProtocolError as outer:
        assert isinstance(outer.__cause__, KeyError)
        assert outer.action == "version"
