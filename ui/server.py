"""Serving the app: its events wired to the handlers under their API names, sign-in in hosted mode, and the HTTP
server (FastAPI and uvicorn, with the Gradio app mounted at /)."""

from __future__ import annotations

import functools
import inspect
import ipaddress
import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import gradio as gr
import uvicorn
from fastapi import FastAPI

from interviewer.adapters.documents import MAX_DOCUMENT_BYTES
from interviewer.domain.history import StaleSession
from interviewer.kb.problems import sql_overview
from interviewer.settings import Settings
from ui import views
from ui.accounts import Accounts, new_secret
from ui.app import Handlers
from ui.layout import Layout
from ui.practice import Practice

log = logging.getLogger("interviewer.ui")


class UnsafeToServe(ValueError):
    """Serving a non-loopback address without sign-in was asked for without the flag that says it is unsafe."""


def _hidden(exc: Exception) -> gr.Error:
    """An unexpected failure as the user sees it: an id to quote, no internals (the log has the traceback)."""
    error_id = uuid.uuid4().hex[:8]
    log.error("error %s in a request", error_id, exc_info=exc)
    return gr.Error(f"Something went wrong on our side (error {error_id}). What you had saved is safe; try again.")


def _shown(exc: Exception) -> gr.Error:
    """What the user sees of a failure: a stale session says what to do; anything else only an id to quote."""
    return gr.Error(str(exc)) if isinstance(exc, StaleSession) else _hidden(exc)


def guarded(handler: Callable[..., Any]) -> Callable[..., Any]:
    """The handler, with unexpected failures logged under an id and shown without internals (gr.Error passes)."""
    if inspect.isgeneratorfunction(handler):

        @functools.wraps(handler)
        def stream(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from handler(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as exc:
                raise _shown(exc) from None

        return stream

    @functools.wraps(handler)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:
            raise _shown(exc) from None

    return call


def wire_events(app: gr.Blocks, layout: Layout, on: Handlers) -> None:
    """Attach the handlers to the layout's events under the API names that clients and the load benchmark call;
    each is guarded, so an unexpected failure reaches the user as an error id, never as internals."""
    g = guarded
    start_inputs = [layout.round_choice, layout.difficulty, layout.questions, layout.resume_text, layout.resume_file]
    start_inputs += [layout.job_ad_text, layout.job_ad_file]
    layout.start_button.click(g(on.begin), start_inputs, layout.session_outputs, api_name="start")
    layout.resume_button.click(g(on.resume), [layout.resumable], layout.session_outputs, api_name="resume")
    # trigger_mode="once": a double click while grading is ignored by the browser; the lock covers API callers.
    layout.submit_button.click(
        g(on.submit),
        [layout.answer, layout.session_state, layout.code],
        layout.answer_outputs,
        api_name="answer",
        trigger_mode="once",
    ).then(g(on.refresh_history), [layout.by_criterion], layout.history_outputs, api_visibility="private")
    layout.run_button.click(g(on.run_code), [layout.code, layout.session_state], [layout.run_md], api_name="run_code")
    layout.hint_button.click(g(on.hint), [layout.session_state], layout.shown, api_name="hint")
    layout.repeat_button.click(g(on.repeat), [layout.session_state], layout.shown, api_name="repeat")
    layout.skip_button.click(g(on.skip), [layout.session_state], layout.shown, api_name="skip")
    layout.end_button.click(g(on.end_round), [layout.session_state], layout.shown, api_name="end_round")
    gr.Timer(1.0).tick(
        g(on.tick), [layout.session_state], [layout.timer_md], show_progress="hidden", api_visibility="private"
    )
    new_outputs = [layout.session_state, layout.start_panel, layout.interview_panel, layout.report_panel]
    new_outputs += [layout.chatbot, layout.feedback_md, layout.citations, layout.notice_md, layout.resumable]
    layout.new_button.click(g(on.new_interview), None, new_outputs, api_name="new")
    criterion = [layout.by_criterion]
    layout.refresh_button.click(g(on.refresh_history), criterion, layout.history_outputs, api_name="history")
    layout.by_criterion.change(g(on.refresh_history), criterion, layout.history_outputs, api_visibility="private")
    layout.open_button.click(g(on.open_report), [layout.pick], [layout.history_report], api_name="report")
    layout.delete_button.click(
        g(on.delete_session),
        [layout.pick, layout.delete_sure, layout.by_criterion],
        [*layout.history_outputs, layout.history_report],
        api_name="delete",
    )
    app.load(g(on.refresh_history), criterion, layout.history_outputs, api_visibility="private")
    ready_outputs = [layout.engine_status, layout.start_button, layout.resume_button, layout.ready_timer]
    layout.ready_timer.tick(g(on.readiness), None, ready_outputs, show_progress="hidden", api_name="status")


def build_app(settings: Settings, practice: Practice) -> gr.Blocks:
    """The whole app over `practice` (whose engine may still be being prepared: the page says how far it has got)."""
    # Gradio's copies of downloaded report files are deleted an hour after they were made.
    app = gr.Blocks(title="interviewer · mock interviews for ML/AI engineers", delete_cache=(600, 3600))
    with app:
        with gr.Row():
            account = gr.Markdown("", elem_id="account")
            sign_out = gr.Button("Sign out", link="/signout", visible=False, size="sm", scale=0, elem_id="sign-out")
        layout = Layout(views.preparing_text(practice.status), settings.questions_per_round, [], sql_overview())
        handlers = Handlers(practice, layout)
        wire_events(app, layout, handlers)
        app.load(guarded(handlers.whoami), None, [account, sign_out], api_name="whoami")
    return app


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host`."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(settings: Settings, host: str, unsafe_open: bool) -> None:
    """Refuse to serve everyone's sessions to a network without sign-in, unless the operator said so explicitly."""
    if not settings.sign_in and not is_loopback(host) and not unsafe_open:
        raise UnsafeToServe(
            f"refusing to serve {host} without sign-in: anyone who reaches it would see, resume and delete every "
            "session. Turn sign-in on (--sign-in or INTERVIEWER_SIGN_IN=true; add users with `interviewer users "
            "add NAME`), or pass --unsafe-open-to-all if that is what you want."
        )


def serve_app(settings: Settings, practice: Practice, host: str, port: int) -> uvicorn.Server:
    """The HTTP server of the app: the sign-in pages (hosted mode) and the Gradio app at /."""
    blocks = build_app(settings, practice)
    blocks.queue(default_concurrency_limit=8)
    server = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    accounts = None
    if settings.sign_in:
        key = settings.secret_key.get_secret_value() if settings.secret_key else None
        accounts = Accounts(practice.store, key or practice.store.secret("sign-in", new_secret), settings.sign_up)
        accounts.install(server)
    app = gr.mount_gradio_app(
        server,
        blocks,
        path="/",
        auth_dependency=accounts.user if accounts else None,
        show_error=False,
        max_file_size=MAX_DOCUMENT_BYTES,
        ssr_mode=False,
    )
    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5))


def launch(settings: Settings, host: str | None = None, port: int | None = None, unsafe_open: bool = False) -> None:
    """Start the app and block."""
    host, port = host or settings.ui_host, port or settings.ui_port
    check_exposure(settings, host, unsafe_open)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    practice = Practice(settings)
    server = serve_app(settings, practice, host, port)

    def prepare_once_served() -> None:
        # The page is served first; preparing the engine only then keeps it from slowing the first page down.
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        print(f"* Running on http://{host}:{port}/" + (" (sign-in required)" if settings.sign_in else ""), flush=True)
        practice.prepare()

    threading.Thread(target=prepare_once_served, name="prepare-engine", daemon=True).start()
    server.run()
