#!/usr/bin/env python3
"""Runs a notebook through a Jupyter kernel with nbclient, keeping late outputs in their cell.

Called by analysis/notebook_runner.ts; not a public interface.

    _notebook_driver.py run IN.ipynb OUT.ipynb --kernel deno --timeout 600 --cwd DIR
    _notebook_driver.py html IN.ipynb OUT.html

`run` prints one JSON object on stdout: {"ok": true, "late": [...]} or {"ok": false, "error":
{...}} naming the failing cell. `html` writes a self-contained report: no <script src>, no
MathJax, no require.js, CSS inlined.

Why a driver and not `jupyter nbconvert --execute`: the Deno kernel (2.9.6) can publish a
cell's outputs after it reported the cell `idle`, stamped with that cell's header or with the
header of the request that follows (see analysis/kernel_output.ts). nbclient drops the first
kind and files the second under the next cell. So after each cell this driver sends a silent
"flush" request whose code waits one macrotask and then sends a marker through the same queue
as every output. The kernel publishes that queue in order, so once the marker arrives every
output of the cell has arrived: those stamped with the cell's or the flush's header are put in
the cell, in order. Nothing depends on timing, and the next cell is sent only then.
"""
import argparse
import json
import os
import sys
import time
import uuid
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async

FLUSH_MARKER_PREFIX = "panarchy-flush-"
# Two timer turns: every send op the cell left queued runs before the marker's.
FLUSH_CODE = """await new Promise((r) => setTimeout(r, 0));
await new Promise((r) => setTimeout(r, 0));
Deno.jupyter.broadcast("display_data", {
  data: { "text/plain": "%s" }, metadata: {}, transient: {},
});"""
OUTPUT_TYPES = {"stream", "display_data", "update_display_data", "execute_result", "error",
                "clear_output"}


class FlushingClient(NotebookClient):
    """An nbclient NotebookClient that collects each cell's late outputs before the next cell."""

    def __init__(self, *args, flush_timeout=120, **kwargs):
        super().__init__(*args, **kwargs)
        self.flush_timeout = flush_timeout
        self.cell_of_request = {}  # execute_request msg_id -> cell index
        self.current_index = None
        self.late = []  # {"cell_index", "msg_type", "stamped"}: outputs nbclient would lose
        self.error_traceback = None  # the failing cell's traceback lines, as the kernel sent them
        self.on_cell_error = self.keep_traceback

    def keep_traceback(self, cell, cell_index, execute_reply):
        self.error_traceback = execute_reply["content"].get("traceback")

    def kernel_is_deno(self):
        info = self.nb.metadata.get("language_info", {})
        return info.get("name") == "typescript"

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        # nbclient polls each cell's outputs by its request id: remember which cell it is.
        self.cell_of_request[parent_msg_id] = cell_index
        return await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)

    async def async_execute_cell(self, cell, cell_index, execution_count=None,
                                 store_history=True):
        self.current_index = cell_index
        result = await super().async_execute_cell(cell, cell_index, execution_count,
                                                  store_history)
        if cell.cell_type == "code" and cell.source.strip() and self.kernel_is_deno():
            await self.collect_late_outputs(cell, cell_index)
        return result

    async def collect_late_outputs(self, cell, cell_index):
        marker = FLUSH_MARKER_PREFIX + uuid.uuid4().hex
        flush_id = self.kc.execute(FLUSH_CODE % marker, silent=True, store_history=False,
                                   allow_stdin=False, stop_on_error=False)
        seen_marker = seen_idle = False
        deadline = time.monotonic() + self.flush_timeout
        while not (seen_marker and seen_idle):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CellTimeoutError(
                    "the kernel did not answer the output flush after cell %d within %d s"
                    % (cell_index + 1, self.flush_timeout))
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=min(1, remaining)))
            except Empty:
                if not await ensure_async(self.km.is_alive()):
                    raise DeadKernelError("the kernel died after cell %d" % (cell_index + 1))
                continue
            parent = msg.get("parent_header", {}).get("msg_id")
            msg_type = msg["msg_type"]
            if parent == flush_id:
                if msg_type == "status":
                    seen_idle = seen_idle or msg["content"].get("execution_state") == "idle"
                elif msg_type == "display_data" and \
                        msg["content"].get("data", {}).get("text/plain") == marker:
                    seen_marker = True
                elif msg_type == "error":
                    # The kernel sends errors in order, never late: this one is the flush's own.
                    raise RuntimeError("the output flush after cell %d failed: %s: %s" % (
                        cell_index + 1, msg["content"].get("ename"), msg["content"].get("evalue")))
                elif msg_type in OUTPUT_TYPES:
                    self.file_late(msg, cell, cell_index, "flush")
            elif parent in self.cell_of_request and msg_type in OUTPUT_TYPES:
                target = self.cell_of_request[parent]
                self.file_late(msg, self.nb.cells[target], target, "cell")

    def file_late(self, msg, cell, cell_index, stamped):
        self.late.append({"cell_index": cell_index, "cell_id": cell.get("id"),
                          "msg_type": msg["msg_type"], "stamped": stamped})
        self.process_message(msg, cell, cell_index)


def cell_error(nb, index, exc):
    cell = nb.cells[index] if index is not None and index < len(nb.cells) else None
    return {
        "cell_index": -1 if index is None else index,
        "cell_id": cell.get("id") if cell is not None else None,
        "ename": getattr(exc, "ename", type(exc).__name__),
        "evalue": getattr(exc, "evalue", str(exc)),
        "traceback": getattr(exc, "traceback", ""),
    }


def run(args):
    nb = nbformat.read(args.input, as_version=4)
    client = FlushingClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        record_timing=False,
        resources={"metadata": {"path": args.cwd}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        error = cell_error(nb, client.current_index, exc)
        if client.error_traceback is not None:
            error["traceback"] = client.error_traceback
        return {"ok": False, "error": error}
    except CellTimeoutError as exc:
        error = cell_error(nb, client.current_index, exc)
        error.update({"ename": "Timeout", "evalue": str(exc).strip().split("\n")[0]})
        return {"ok": False, "error": error}
    except DeadKernelError as exc:
        error = cell_error(nb, client.current_index, exc)
        error.update({"ename": "DeadKernel", "evalue": "the kernel died: %s" % exc})
        return {"ok": False, "error": error}
    except RuntimeError as exc:
        error = cell_error(nb, client.current_index, exc)
        error.update({"ename": "RunnerError", "evalue": str(exc)})
        return {"ok": False, "error": error}
    nbformat.write(nb, args.output)
    return {"ok": True, "late": client.late}


REPORT_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
"""


def html(args):
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"panarchy_report.html.j2": REPORT_TEMPLATE})],
        template_file="panarchy_report.html.j2",
    )
    nb = nbformat.read(args.input, as_version=4)
    name = os.path.splitext(os.path.basename(args.output))[0]
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(body)
    return {"ok": True}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("input")
    r.add_argument("output")
    r.add_argument("--kernel", default="deno")
    r.add_argument("--timeout", type=int, default=600)
    r.add_argument("--startup-timeout", type=int, default=120)
    r.add_argument("--cwd", required=True)
    h = sub.add_parser("html")
    h.add_argument("input")
    h.add_argument("output")
    args = ap.parse_args()
    result = run(args) if args.command == "run" else html(args)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
