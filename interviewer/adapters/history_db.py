"""Session history and accounts through SQLAlchemy 2: SQLite by default, Postgres (or any SQLAlchemy URL) when
configured; the schema is kept by Alembic migrations (`interviewer/adapters/migrations`). Every session read or
write goes through `UserHistory`, which puts the signed-in user into every query: one user cannot list, load, save
over or delete another's sessions, whatever session id they pass."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from interviewer.domain.history import (
    LOCAL_USER,
    CriterionPoint,
    HistoryError,
    RoundPoint,
    SessionRow,
    StaleSession,
    UserRow,
)
from interviewer.interview.session import Session

__all__ = ["LOCAL_USER", "History", "HistoryError", "StaleSession", "UserHistory", "database_url"]

FIRST_REVISION = "0001"
"""The schema before Alembic (the SQLite file of earlier versions): such a file is stamped with it, then upgraded."""

_meta = sa.MetaData()
users = sa.Table(
    "users",
    _meta,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)
sessions = sa.Table(
    "sessions",
    _meta,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("owner", sa.String(64), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Column("rounds", sa.Text, nullable=False),
    sa.Column("engine", sa.Text, nullable=False),
    sa.Column("done", sa.Integer, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)
turns = sa.Table(
    "turns",
    _meta,
    sa.Column("session_id", sa.String(64), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("answered_at", sa.String(32), nullable=False),
    sa.Column("round", sa.String(32), nullable=False),
    sa.Column("question_id", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("overall", sa.Float),
    sa.Column("criteria", sa.Text, nullable=False),
    sa.Column("tests_passed", sa.Integer),
    sa.Column("tests_total", sa.Integer),
)
secrets = sa.Table(
    "secrets",
    _meta,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


def database_url(location: str | Path) -> str:
    """A SQLAlchemy URL from a URL or a SQLite file's path."""
    if isinstance(location, Path) or "://" not in location:
        return f"sqlite:///{Path(location).expanduser().resolve()}"
    return location


def _describe(url: str) -> str:
    """The URL without its password, for messages."""
    return sa.make_url(url).render_as_string(hide_password=True)


class History:
    """The database of sessions, graded turns and accounts."""

    def __init__(self, location: str | Path) -> None:
        """Open (creating or migrating) the database at a SQLAlchemy URL or a SQLite file's path."""
        self.url = database_url(location)
        try:
            if self.url.startswith("sqlite:///"):
                Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine = sa.create_engine(self.url, pool_pre_ping=True, **_engine_options(self.url))
            if self.engine.dialect.name == "sqlite":
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self._migrate()
        except (OSError, SQLAlchemyError) as exc:
            raise HistoryError(f"cannot open the history database {_describe(self.url)}", str(exc)) from exc

    def _migrate(self) -> None:
        """Bring the schema to the newest revision; a file from before Alembic is stamped as the first revision."""
        config = Config()
        config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
        with self.engine.begin() as db:
            config.attributes["connection"] = db
            names = set(sa.inspect(db).get_table_names())
            if "sessions" in names and MigrationContext.configure(db).get_current_revision() is None:
                command.stamp(config, FIRST_REVISION)
            command.upgrade(config, "head")

    @contextmanager
    def _db(self, action: str) -> Iterator[sa.Connection]:
        """A connection in a transaction; database failures become a HistoryError saying what could not be done."""
        try:
            with self.engine.begin() as db:
                yield db
        except HistoryError:
            raise
        except SQLAlchemyError as exc:
            cause = getattr(exc, "orig", None) or exc  # the driver's own error says what went wrong
            raise HistoryError(action, f"{type(cause).__name__}: {cause}") from exc

    def for_user(self, name: str) -> UserHistory:
        """The sessions of one user: every query it makes is limited to them."""
        return UserHistory(self, name)

    # Accounts ---------------------------------------------------------------------------------------------------

    def add_user(self, name: str, password_hash: str, now: datetime) -> bool:
        """Add an account; False if the name is taken."""
        try:
            with self._db("could not add the user") as db:
                db.execute(users.insert().values(name=name, password_hash=password_hash, created_at=_stamp(now)))
        except HistoryError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                return False
            raise
        return True

    def set_password(self, name: str, password_hash: str) -> bool:
        """Replace an account's password hash; False if there is no such account."""
        with self._db("could not change the password") as db:
            query = users.update().where(users.c.name == name).values(password_hash=password_hash)
            return db.execute(query).rowcount > 0

    def remove_user(self, name: str) -> bool:
        """Remove an account with all its sessions; False if there was no such account."""
        with self._db("could not remove the user") as db:
            owned = sa.select(sessions.c.id).where(sessions.c.owner == name)
            db.execute(turns.delete().where(turns.c.session_id.in_(owned)))
            db.execute(sessions.delete().where(sessions.c.owner == name))
            return db.execute(users.delete().where(users.c.name == name)).rowcount > 0

    def password_hash(self, name: str) -> str | None:
        """An account's stored password hash, or None when there is no such account."""
        with self._db("cannot read the accounts") as db:
            return db.execute(sa.select(users.c.password_hash).where(users.c.name == name)).scalar()

    def list_users(self) -> list[UserRow]:
        """Every account, by name, with its session count."""
        count = sa.select(sa.func.count()).where(sessions.c.owner == users.c.name).scalar_subquery()
        with self._db("cannot read the accounts") as db:
            rows = db.execute(sa.select(users.c.name, users.c.created_at, count).order_by(users.c.name)).all()
        return [UserRow(name=r[0], created_at=r[1], sessions=r[2]) for r in rows]

    def secret(self, name: str, make: Any) -> str:
        """A secret shared by every app process on this database (made by `make()` the first time it is asked for)."""
        with self._db("cannot read the app's secret") as db:
            found = db.execute(sa.select(secrets.c.value).where(secrets.c.name == name)).scalar()
        if found is not None:
            return str(found)
        try:
            with self._db("cannot store the app's secret") as db:
                db.execute(secrets.insert().values(name=name, value=str(make())))
        except HistoryError as exc:
            if not isinstance(exc.__cause__, IntegrityError):  # another process stored one first: use theirs
                raise
        with self._db("cannot read the app's secret") as db:
            return str(db.execute(sa.select(secrets.c.value).where(secrets.c.name == name)).scalar_one())


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # One file, many threads: each checkout gets its own connection and waits up to 10 s for a writer.
        return {"connect_args": {"timeout": 10, "check_same_thread": False}}
    return {"pool_size": 5, "max_overflow": 10}


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL + NORMAL: a committed answer survives the process being killed (kill -9); only an OS crash or power cut
    # can lose the last commits. FULL would fsync every answer and slow every turn.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def _turn_rows(session: Session, stamp: str) -> list[dict[str, Any]]:
    """The graded turns as rows, with the tests passed for a coding or SQL solution."""
    rows = []
    for i, t in enumerate(session.turns):
        if t.feedback is None:
            continue
        cases = t.tests.cases if t.tests is not None else None
        rows.append(
            {
                "session_id": session.id,
                "idx": i,
                "answered_at": stamp,
                "round": t.round.value,
                "question_id": t.question_id,
                "kind": t.kind,
                "overall": t.feedback.overall,
                "criteria": json.dumps({c.name: c.score for c in t.feedback.criteria}),
                "tests_passed": None if cases is None else sum(c.passed for c in cases),
                "tests_total": None if cases is None else len(cases),
            }
        )
    return rows


class UserHistory:
    """One user's sessions: every read and write below is limited to `owner` in the query itself."""

    def __init__(self, store: History, owner: str) -> None:
        self.store = store
        self.owner = owner

    def _mine(self) -> sa.ColumnElement[bool]:
        return sessions.c.owner == self.owner

    def save(self, session: Session, engine: str, now: datetime) -> None:
        """Write the session and any newly graded turns in one transaction. The write only lands on the revision it
        was loaded at (StaleSession otherwise, and nothing is written); `session.revision` then counts it."""
        stamp, revision = _stamp(now), session.revision + 1
        values = {
            "updated_at": stamp,
            "engine": engine,
            "done": int(session.done),
            "revision": revision,
            "data": session.model_dump_json(exclude={"revision"}),
        }
        with self.store._db("could not save the session; your answer is still on screen") as db:
            if session.revision == 0:
                taken = db.execute(sa.select(sessions.c.id).where(sessions.c.id == session.id)).first()
                if taken:
                    raise StaleSession("this session id is taken; start a new interview")
                rounds = ",".join(r.value for r in session.config.rounds)
                db.execute(
                    sessions.insert().values(id=session.id, owner=self.owner, created_at=stamp, rounds=rounds, **values)
                )
            else:
                mine = sa.and_(sessions.c.id == session.id, self._mine(), sessions.c.revision == session.revision)
                if db.execute(sessions.update().where(mine).values(**values)).rowcount != 1:
                    raise StaleSession(
                        "this interview was changed in another tab or window since this one loaded it: "
                        "reopen it from the History tab to carry on from there"
                    )
            known = set(db.execute(sa.select(turns.c.idx).where(turns.c.session_id == session.id)).scalars())
            # Existing turns keep their first timestamp: the chart shows when each answer was given.
            fresh = [row for row in _turn_rows(session, stamp) if row["idx"] not in known]
            if fresh:
                db.execute(turns.insert(), fresh)
        session.revision = revision

    def revision(self, session_id: str) -> int | None:
        """The stored revision of one of this user's sessions (None if there is none): cheaper than loading it."""
        with self.store._db("cannot read the history") as db:
            query = sa.select(sessions.c.revision).where(sessions.c.id == session_id, self._mine())
            return db.execute(query).scalar()

    def load(self, session_id: str) -> Session | None:
        """One of this user's sessions, or None (also when the id is another user's)."""
        query = sa.select(sessions.c.data, sessions.c.revision).where(sessions.c.id == session_id, self._mine())
        with self.store._db("cannot read the history") as db:
            row = db.execute(query).first()
        if row is None:
            return None
        session = Session.model_validate_json(row[0])
        session.revision = row[1]  # the column is the truth: the stored JSON never carries it
        return session

    def sessions(self, limit: int = 200) -> list[SessionRow]:
        """This user's recent sessions, newest first."""
        s, t = sessions.c, turns.c
        query = (
            sa.select(s.id, s.created_at, s.updated_at, s.rounds, s.engine, s.done, sa.func.count(t.idx))
            .add_columns(sa.func.avg(t.overall))
            .select_from(sessions.outerjoin(turns, t.session_id == s.id))
            .where(self._mine())
            .group_by(s.id)
            .order_by(s.updated_at.desc(), s.id)
            .limit(limit)
        )
        with self.store._db("cannot read the history") as db:
            rows = db.execute(query).all()
        return [
            SessionRow(
                id=r[0],
                created_at=r[1],
                updated_at=r[2],
                rounds=r[3],
                engine=r[4],
                done=bool(r[5]),
                answered=r[6],
                average=round(float(r[7]), 2) if r[7] is not None else None,
            )
            for r in rows
        ]

    def _turns(self, *columns: Any) -> sa.Select[Any]:
        """A query over this user's graded turns."""
        return sa.select(*columns).join(sessions, sessions.c.id == turns.c.session_id).where(self._mine())

    def round_averages(self) -> list[RoundPoint]:
        """For the progress chart: each session's average per round, at the time its first answer was given."""
        t = turns.c
        first = sa.func.min(t.answered_at)
        query = (
            self._turns(t.session_id, first, t.round, sa.func.avg(t.overall))
            .where(t.overall.is_not(None))
            .group_by(t.session_id, t.round)
            .order_by(first, t.session_id)
        )
        with self.store._db("cannot read the history") as db:
            rows = db.execute(query).all()
        return [RoundPoint(session_id=r[0], started_at=r[1], round=r[2], average=round(float(r[3]), 2)) for r in rows]

    def delete(self, session_id: str) -> bool:
        """Remove one of this user's sessions and its answers; False if they have no such session."""
        with self.store._db("could not delete the session") as db:
            if not db.execute(sa.select(sessions.c.id).where(sessions.c.id == session_id, self._mine())).first():
                return False
            db.execute(turns.delete().where(turns.c.session_id == session_id))
            return db.execute(sessions.delete().where(sessions.c.id == session_id, self._mine())).rowcount > 0

    def question_scores(self) -> list[tuple[str, float]]:
        """(question id, overall) of every graded main answer, for finding weak topics."""
        query = self._turns(turns.c.question_id, turns.c.overall).where(turns.c.kind == "question")
        with self.store._db("cannot read the history") as db:
            rows = db.execute(query).all()
        return [(str(q), float(o)) for q, o in rows if o is not None]

    def problem_results(self) -> list[tuple[str, int, int]]:
        """(problem id, tests passed, tests run) of every coding or SQL solution submitted, in every session."""
        t = turns.c
        query = self._turns(t.question_id, t.tests_passed, t.tests_total).where(t.tests_total.is_not(None))
        with self.store._db("cannot read the history") as db:
            return [(str(q), int(p), int(n)) for q, p, n in db.execute(query).all()]

    def criterion_points(self) -> list[CriterionPoint]:
        """Every criterion score of every graded answer, oldest first."""
        query = self._turns(turns.c.answered_at, turns.c.criteria).order_by(turns.c.answered_at, turns.c.idx)
        with self.store._db("cannot read the history") as db:
            rows = db.execute(query).all()
        return [
            CriterionPoint(answered_at=stamp, criterion=name, score=score)
            for stamp, criteria in rows
            for name, score in json.loads(criteria).items()
        ]
