"""Backups and the restore drill (issue 30).

- `repository`: pgBackRest (the database: full/incremental backups, continuous WAL
  archiving) run as the cluster's OS user;
- `media`: the private media in step with the database: a manifest per backup (every
  stored file its rows point to, with its SHA-256), the encrypted files copied by
  content into the backup folder, key fingerprints and row counts of that moment;
- `drill`: restore into a scratch cluster on its own port and run `checks` there
  (`manage.py restore_check`) with the keys of that time.
"""
