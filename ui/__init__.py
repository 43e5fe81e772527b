"""The Gradio web app: a thin layer over the interviewer engine."""
