"""The startup floor: a Typer app that only prints "ok"."""

from __future__ import annotations

import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("ok")


if __name__ == "__main__":
    app()
