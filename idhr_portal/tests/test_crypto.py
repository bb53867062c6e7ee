import pytest
from cryptography.fernet import Fernet

from idhr_portal.crypto import (
    EncryptedFileStore,
    blind_index,
    decrypt_str,
    encrypt_str,
    normalise_name,
    rotate_token,
)


def test_text_round_trips_and_ciphertext_hides_it():
    token = encrypt_str("She told me on the 3rd floor")
    assert "3rd floor" not in token
    assert decrypt_str(token) == "She told me on the 3rd floor"


def test_data_written_with_an_old_key_still_reads_after_a_new_key_is_put_first(settings):
    old_token = encrypt_str("written under the old key")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]

    assert decrypt_str(old_token) == "written under the old key"
    rotated = rotate_token(old_token.encode()).decode()
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # old key removed
    assert decrypt_str(rotated) == "written under the old key"


def test_encrypted_file_store_keeps_no_plain_bytes_on_disk(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    store = EncryptedFileStore("attachments")

    name = store.save(b"%PDF-1.7 secret evidence")

    raw = (tmp_path / name).read_bytes()
    assert b"secret evidence" not in raw
    assert store.read(name) == b"%PDF-1.7 secret evidence"
    store.delete(name)
    assert not store.exists(name)


def test_file_store_refuses_paths_outside_its_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    with pytest.raises(ValueError):
        EncryptedFileStore("attachments").read("../../etc/passwd")


@pytest.mark.parametrize(
    "a,b",
    [("Smith, John A.", "john   smith"), ("José Núñez", "jose nunez"), ("JOHN SMITH", "Smith John")],
)
def test_name_blind_index_matches_the_same_person_written_differently(a, b):
    assert normalise_name(a) == normalise_name(b)
    assert blind_index(a, kind="name") == blind_index(b, kind="name")


def test_email_blind_index_ignores_case_and_spaces_but_depends_on_the_key():
    assert blind_index(" Pat@MIT.edu ", kind="email") == blind_index("pat@mit.edu", kind="email")
    assert blind_index("pat@mit.edu", kind="email") != blind_index("pat@mit.edu", kind="email", key="other")
    assert blind_index("pat@mit.edu", kind="email") != blind_index("pat@mit.edu", kind="name")
    assert blind_index("   ", kind="email") == ""
