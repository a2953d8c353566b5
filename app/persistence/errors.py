"""Known storage problems, each a sentence a coach can act on (bugs are not caught here)."""

from app.domain.errors import DomainError


class StorageError(DomainError):
    """Something about the data folder or file, not a bug."""


class DataFolderReadOnly(StorageError):
    pass


class DataFolderUnusable(StorageError):
    """The data folder's path names a file, a device or a link to nowhere."""


class DataFolderLocked(StorageError):
    pass


class NotAPrivacyDeskDatabase(StorageError):
    pass


class DatabaseFromNewerVersion(StorageError):
    pass


class MigrationFailed(StorageError):
    pass


class DiskFull(StorageError):
    pass


class PracticeNotSetUp(StorageError):
    """No practice in this folder yet, and no key to create an encrypted one with."""


class KeyNeeded(StorageError):
    """The practice is encrypted and no key was found without asking for the passphrase."""


class WrongPassphrase(StorageError):
    pass


class RestoreRefused(StorageError):
    """A backup that may not replace the practice's data; nothing was changed."""


class BackupKeyNeeded(StorageError):
    """A backup made by another practice, its key file beside it: that practice's recovery
    passphrase is needed to unwrap the key that opens it."""
