"""Test doubles of the model port for our tests and for anyone building on the engine: `QueueModel` replays
queued phrases and judgements, `FunctionModel` computes them. May import `interviewer.domain` only.
"""
