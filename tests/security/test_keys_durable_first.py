"""A key change is in force only once it is saved: never ahead of the disk.

The save hook of the key ring stands for the data directory; here it fails on demand
(as a full disk would) or looks at which keys are accepted while the save runs.
"""

from __future__ import annotations

import pytest

from mosaicolabs.adapters.memory.keyring import KeyRing
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.domain.errors import PermissionDeniedError

MANAGE = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"


class _Disk:
    def __init__(self) -> None:
        self.ring: KeyRing | None = None
        self.full = False
        self.saved: list[list[dict]] = []
        self.accepted_during_save: list[bool] = []
        self.probe: str | None = None

    def save(self) -> None:
        assert self.ring is not None
        if self.probe is not None:
            try:
                self.ring.authorize(self.probe, "version")
                self.accepted_during_save.append(True)
            except PermissionDeniedError:
                self.accepted_during_save.append(False)
        if self.full:
            raise OSError("No space left on device")
        self.saved.append(self.ring.export())


@pytest.fixture
def disk():
    store = _Disk()
    store.ring = KeyRing(lambda: 1, enforce=True, on_change=store.save)
    return store


def test_an_issued_key_is_refused_until_it_is_saved_and_saved_with_the_others(disk):
    disk.probe = MANAGE
    disk.ring.issue(APIKeyPermissionEnum.Manage, "root", token=MANAGE)
    assert disk.accepted_during_save == [False]
    assert [r["fingerprint"] for r in disk.saved[-1]] == ["f9010b9e"]
    disk.ring.authorize(MANAGE, "api_key_create")  # in force once saved


def test_a_key_whose_save_fails_never_existed(disk):
    disk.full = True
    with pytest.raises(OSError):
        disk.ring.issue(APIKeyPermissionEnum.Manage, "root", token=MANAGE)
    with pytest.raises(PermissionDeniedError):
        disk.ring.authorize(MANAGE, "version")
    disk.full = False
    disk.ring.issue(APIKeyPermissionEnum.Manage, "root", token=MANAGE)  # no "exists" left over
    disk.ring.authorize(MANAGE, "version")


def test_a_revocation_whose_save_fails_leaves_the_key_as_the_disk_has_it(disk):
    disk.ring.issue(APIKeyPermissionEnum.Manage, "root", token=MANAGE)
    disk.full = True
    with pytest.raises(OSError):
        disk.ring.revoke("f9010b9e")
    disk.ring.authorize(MANAGE, "version")  # still valid, as on disk
    assert all(not r.get("revoked") for r in disk.ring.export())
    disk.full, disk.probe = False, MANAGE
    disk.ring.revoke("f9010b9e")
    assert disk.accepted_during_save == [False]  # refused from the moment it is asked
