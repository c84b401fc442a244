"""API-key tokens never appear in logs, reprs or exception messages, client or server side."""

from __future__ import annotations

import logging
import pickle

import pytest

from mosaicolabs import APIKeyPermissionEnum, Floating64, Message, MosaicoClient
from mosaicolabs.adapters.auth import APIKeyCredentials
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.comm.middlewares import MosaicoAuthMiddleware, MosaicoAuthMiddlewareFactory
from mosaicolabs.domain.api_keys import APIKey
from mosaicolabs.domain.errors import MosaicoError
from mosaicolabs.mock_server import running_server

P = APIKeyPermissionEnum


def secrets_of(token: str) -> list[str]:
    payload = APIKey.parse(token).payload
    return [token, payload, payload[:12]]


def assert_clean(text: str, token: str) -> None:
    for secret in secrets_of(token):
        assert secret not in text, "a token leaked"


def test_reprs_of_key_holding_objects_are_clean():
    token = APIKey.generate().token
    objects = [APIKey.parse(token), APIKeyCredentials(token), MosaicoAuthMiddlewareFactory(token),
               MosaicoAuthMiddleware(token)]
    for obj in objects:
        assert_clean(repr(obj) + str(obj), token)


def test_malformed_keys_are_not_echoed():
    token = APIKey.generate().token
    broken = token[:-1] + ("0" if token[-1] != "0" else "1")  # CRC mismatch
    for bad in (broken, token.upper(), token + "_x", token.replace("msco_", "mscx_")):
        with pytest.raises(MosaicoError) as caught:
            MosaicoClient.connect("127.0.0.1", 1, api_key=bad)
        assert_clean(str(caught.value) + repr(caught.value), token)


def test_full_session_with_failures_logs_no_token(caplog):
    caplog.set_level(logging.DEBUG)
    engine = MemoryEngine(enforce_api_keys=True)
    admin = engine.keys.issue(P.Manage, "admin")
    reader = engine.keys.issue(P.Read, "reader")
    texts = []
    with running_server(engine) as server:
        with MosaicoClient.connect("127.0.0.1", server.port, api_key=admin) as client:
            with client.sequence_create("seq", {}) as writer:
                writer.topic_create("/v", {}, Floating64).push(
                    Message(timestamp_ns=1, data=Floating64(data=1.0)))
            texts.append(repr(client))
            status = client.api_key_status(APIKey.parse(reader).fingerprint)
            texts.append(repr(status))
        with MosaicoClient.connect("127.0.0.1", server.port, api_key=reader) as weak:
            with pytest.raises(MosaicoError) as denied:
                weak.sequence_delete("seq")
            texts += [str(denied.value), repr(denied.value), str(pickle.loads(
                pickle.dumps(denied.value)))]
        engine.keys.revoke(APIKey.parse(reader).fingerprint)
        with pytest.raises(ConnectionError) as refused:
            MosaicoClient.connect("127.0.0.1", server.port, api_key=reader)
        texts += [str(refused.value), repr(refused.value), str(refused.value.__cause__)]
    for token in (admin, reader):
        assert_clean(caplog.text, token)
        assert_clean("\n".join(texts), token)
