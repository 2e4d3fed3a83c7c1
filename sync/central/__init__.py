"""The reference central server (``counter-app central``): FastAPI + SQLAlchemy Core."""
