"""The app's components by name: the start screen, the interview, the report and the History tab."""

from __future__ import annotations

import gradio as gr
from gradio.blocks import Block

from ui.inputs import UPLOAD_TYPES
from ui.views import DIFFICULTY_CHOICES, HISTORY_HEADERS, ROUND_CHOICES, feedback_view, timer_text


class Layout:
    """The app's components by name, created in the enclosing `gr.Blocks`: start screen, interview, report, history."""

    def __init__(
        self, status: str, questions_per_round: int, resumable: list[tuple[str, str]], sql_schema: str = ""
    ) -> None:
        """`status` is the engine status line (`engine_status`), `resumable` the unfinished sessions to offer,
        `sql_schema` the SQL round's schema and sample rows (Markdown)."""
        self.session_state = gr.State(None)
        gr.Markdown("# interviewer\nMock interviews for ML and AI engineering jobs, with honest rubric feedback.")
        with gr.Tabs():
            with gr.Tab("Practice"):
                self._start_panel(status, questions_per_round, resumable)
                self._interview_panel(sql_schema)
                self._report_panel()
            with gr.Tab("History", elem_id="history-tab"):
                self._history_tab()

    def _start_panel(self, status: str, questions_per_round: int, resumable: list[tuple[str, str]]) -> None:
        """The start screen: the interview's settings, an optional resume, and unfinished sessions to resume."""
        with gr.Column(visible=True) as self.start_panel:
            self.engine_status = gr.Markdown(status, elem_id="engine-status")
            self.ready_timer = gr.Timer(0.5)
            self.round_choice = gr.Radio(ROUND_CHOICES, value="behavioral", label="Round")
            self.difficulty = gr.Radio(DIFFICULTY_CHOICES, value="adaptive", label="Difficulty")
            self.questions = gr.Slider(
                1, 10, value=questions_per_round, step=1, label="Questions per round", elem_id="questions"
            )
            with gr.Row():
                with gr.Column():
                    self.resume_text = gr.Textbox(
                        lines=5,
                        label="Your resume (optional: the screen round asks about your own projects)",
                        elem_id="resume-text",
                    )
                    self.resume_file = gr.File(label="…or upload it (PDF, DOCX, .md, .txt)", file_types=UPLOAD_TYPES)
                with gr.Column():
                    self.job_ad_text = gr.Textbox(
                        lines=5,
                        label="The job ad (optional: the screen round closes on the role's needs)",
                        elem_id="job-ad-text",
                    )
                    self.job_ad_file = gr.File(label="…or upload it (PDF, DOCX, .md, .txt)", file_types=UPLOAD_TYPES)
            self.start_button = gr.Button("Start interview", variant="primary", elem_id="start", interactive=False)
            with gr.Row():
                # Filled per user on page load; any id is accepted here, and the handler opens only the user's own.
                self.resumable = gr.Dropdown(resumable, label="Resume an unfinished session", allow_custom_value=True)
                self.resume_button = gr.Button("Resume", elem_id="resume", interactive=False)

    def _interview_panel(self, sql_schema: str) -> None:
        """The interview, hidden until one starts: chat, timer, notices, answer box and controls (the code editor and
        Run for problems, with the SQL schema); feedback beside."""
        with gr.Row(visible=False) as self.interview_panel:
            with gr.Column(scale=3):
                self.chatbot = gr.Chatbot(height=460, label="Interview", elem_id="chat")
                self.timer_md = gr.Markdown(timer_text(None), elem_id="timer")
                self.notice_md = gr.Markdown("", elem_id="notices")
                self.answer = gr.Textbox(
                    lines=6, label="Your answer", placeholder="Type your answer…", elem_id="answer"
                )
                # Shown for coding and SQL questions: Tab indents here instead of moving the focus to Submit.
                self.code = gr.Code(
                    "", language="python", lines=12, label="Your code (Python)", elem_id="code", visible=False
                )
                with gr.Column(visible=False) as self.code_tools:  # for coding and SQL problems
                    with gr.Accordion("Schema and sample rows", open=False, visible=False) as self.schema_box:
                        gr.Markdown(sql_schema, elem_id="sql-schema")
                    self.run_button = gr.Button("Run code (the examples; SQL: show the rows)", elem_id="run-code")
                    self.run_md = gr.Markdown("", elem_id="run-output")
                with gr.Row():
                    self.submit_button = gr.Button("Submit answer", variant="primary", elem_id="submit")
                    self.hint_button = gr.Button("Hint", elem_id="hint")
                    self.skip_button = gr.Button("Skip", elem_id="skip")
                    self.repeat_button = gr.Button("Repeat question", elem_id="repeat")
                    self.end_button = gr.Button("End round", elem_id="end-round")
            with gr.Column(scale=2):
                self.feedback_md = gr.Markdown(feedback_view(None), elem_id="feedback")
                self.citations = gr.HTML("", elem_id="citations")

    def _report_panel(self) -> None:
        """The final report with its downloads, hidden until the session is done."""
        with gr.Column(visible=False, elem_id="report-panel") as self.report_panel:
            self.report_md = gr.Markdown("", elem_id="report")
            with gr.Row():
                self.download_md = gr.DownloadButton("Download report (Markdown)", visible=False, elem_id="download-md")
                self.download_json = gr.DownloadButton("Download report (JSON)", visible=False, elem_id="download-json")
                self.new_button = gr.Button("New interview", variant="primary", elem_id="new-interview")

    def _history_tab(self) -> None:
        """Past sessions: a table, scores over time, weakest topics, and any session's report."""
        self.refresh_button = gr.Button("Refresh", elem_id="refresh-history")
        self.table = gr.Dataframe(headers=HISTORY_HEADERS, interactive=False, elem_id="history-table")
        self.by_criterion = gr.Checkbox(False, label="Show each criterion's trend instead of each round's average")
        self.chart = gr.Plot(label="Average score per session", elem_id="progress-chart")
        self.weakest = gr.Markdown("")
        with gr.Row():
            self.pick = gr.Dropdown([], label="A past session", allow_custom_value=True)
            self.open_button = gr.Button("Open report", elem_id="open-report")
            self.delete_sure = gr.Checkbox(False, label="Yes, delete it", elem_id="delete-sure")
            self.delete_button = gr.Button("Delete session", variant="stop", elem_id="delete-session")
        self.history_report = gr.Markdown("", elem_id="history-report")

    # The outputs lists are the API's positional contract (clients read /answer's outputs[1] as the chat): keep orders.
    @property
    def shown(self) -> list[Block]:
        """What the interview shows: the controls' outputs, and the tail of /start's, /resume's and /answer's."""
        return [
            self.chatbot,
            self.feedback_md,
            self.citations,
            self.report_panel,
            self.report_md,
            self.download_md,
            self.download_json,
            self.notice_md,
            self.code,  # after the others, so the positions clients read stay where they were
            self.code_tools,
            self.schema_box,
            self.run_md,
        ]

    @property
    def session_outputs(self) -> list[Block]:
        """/start's and /resume's outputs: the tab's session, both panels, and what the interview shows."""
        return [self.session_state, self.start_panel, self.interview_panel, *self.shown]

    @property
    def answer_outputs(self) -> list[Block]:
        """/answer's outputs: the answer box, and what the interview shows."""
        return [self.answer, *self.shown]

    @property
    def history_outputs(self) -> list[Block]:
        """What the History tab's refresh (and the page load) fills in."""
        return [self.table, self.chart, self.weakest, self.pick, self.resumable, self.delete_sure]
