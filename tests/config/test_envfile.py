from cryptography.fernet import Fernet

from config.envfile import envfile_complete, read_keys


def test_missing_secrets_are_generated(tmp_path):
    env_file = tmp_path / ".env"
    added = envfile_complete(env_file)
    assert {"SECRET_KEY", "FIELD_ENCRYPTION_KEY", "DEMO_ADMIN_PASSWORD"} <= set(added)
    values = dict(line.split("=", 1) for line in env_file.read_text().splitlines())
    Fernet(values["FIELD_ENCRYPTION_KEY"].encode())  # a valid key, or this raises
    assert len(values["SECRET_KEY"]) >= 50


def test_existing_values_are_never_overwritten(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# mine\nSECRET_KEY=keep-me\n")
    envfile_complete(env_file)
    assert envfile_complete(env_file) == []
    assert "SECRET_KEY=keep-me\n" in env_file.read_text()
    assert env_file.read_text().count("SECRET_KEY=") == 1
    assert "FIELD_ENCRYPTION_KEY" in read_keys(env_file)
