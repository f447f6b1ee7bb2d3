#!/usr/bin/env python3
"""Logs the order of IOPub messages per cell while a notebook runs in a Jupyter kernel.

Usage: python3 tools/notebook_iopub_probe.py NOTEBOOK.ipynb [--kernel deno] [--drain 5]
       [--json log.json]

Cells run one after the other, each sent the moment the previous one reported `status: idle`
(as nbclient and the classic Notebook UI do). Every IOPub message is logged with the time since
the start, its type, the cell its `parent_header.msg_id` names, `execution_count` where the
content has one, its size and its MIME keys. After the last cell the channel is drained for
`--drain` seconds. The summary flags:

- LATE: a message that arrived after its parent cell's `status: idle` (nbclient drops it);
- MISPLACED: an `execute_result` whose `execution_count` is not that of the cell its parent
  header names (the kernel stamped it with a later request's header).
"""
import argparse
import json
import os
import re
import sys
import time

from jupyter_client.manager import KernelManager


MARKER = re.compile(r"\[cell:([^\]]+)\]")


def marker_of(content):
    """The `[cell:<id>]` a synthetic test cell writes into its output, if any."""
    text = json.dumps(content.get("data", {})) + str(content.get("text", ""))
    m = MARKER.search(text)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebook")
    ap.add_argument("--kernel", default="deno")
    ap.add_argument("--drain", type=float, default=5.0)
    ap.add_argument("--json", help="also write the log as JSON")
    ap.add_argument("--queue", action="store_true",
                    help="send every cell at once, as the classic Notebook's Run All does")
    args = ap.parse_args()

    with open(args.notebook) as f:
        nb = json.load(f)
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    km = KernelManager(kernel_name=args.kernel)
    km.start_kernel(cwd=os.path.dirname(os.path.abspath(args.notebook)))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    t0 = time.monotonic()
    log = []
    by_msg_id = {}  # execute_request msg_id -> cell index
    idle_at = {}  # cell index -> time of its idle
    count_of = {}  # cell index -> execution_count from execute_input

    def record(msg):
        parent = msg.get("parent_header", {}).get("msg_id")
        cell = by_msg_id.get(parent)
        content = msg.get("content", {})
        mtype = msg["header"]["msg_type"]
        entry = {
            "t": round(time.monotonic() - t0, 4),
            "type": mtype,
            "cell": cell,
            "state": content.get("execution_state"),
            "count": content.get("execution_count"),
            "bytes": len(json.dumps(content)),
            "mimes": sorted(content.get("data", {}).keys()),
            "late": cell is not None and cell in idle_at,
            "marker": marker_of(content),
        }
        if mtype == "execute_input" and cell is not None:
            count_of[cell] = content.get("execution_count")
        log.append(entry)
        if mtype == "status" and entry["state"] == "idle" and cell is not None:
            idle_at[cell] = entry["t"]
        return entry

    def source(cell):
        return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])

    try:
        if args.queue:
            for i, cell in enumerate(cells):
                by_msg_id[kc.execute(source(cell), allow_stdin=False)] = i
        for i, cell in enumerate(cells):
            if not args.queue:
                by_msg_id[kc.execute(source(cell), allow_stdin=False)] = i
            while True:
                msg = kc.get_iopub_msg(timeout=600)
                e = record(msg)
                if e["type"] == "status" and e["state"] == "idle" and e["cell"] == i:
                    break
        end = time.monotonic() + args.drain
        while time.monotonic() < end:
            try:
                record(kc.get_iopub_msg(timeout=max(0.05, end - time.monotonic())))
            except Exception:  # queue.Empty: nothing more arrived
                break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    late = misplaced = 0
    for e in log:
        flags = []
        if e["late"] and e["type"] != "status":
            flags.append("LATE")
            late += 1
        if (e["type"] == "execute_result" and e["cell"] is not None
                and e["count"] != count_of.get(e["cell"])):
            flags.append("MISPLACED(count %s, cell count %s)" % (e["count"], count_of.get(e["cell"])))
            misplaced += 1
        elif (e["marker"] is not None and e["cell"] is not None
              and e["marker"] != cells[e["cell"]].get("id")):
            flags.append("MISPLACED(written by %s)" % e["marker"])
            misplaced += 1
        cell_id = cells[e["cell"]].get("id") if e["cell"] is not None else "-"
        print("%8.3f  cell %-3s %-22s %-20s %-7s %8d  %s %s" % (
            e["t"], e["cell"] if e["cell"] is not None else "-", cell_id, e["type"],
            e["state"] or (e["count"] if e["count"] is not None else ""), e["bytes"],
            ",".join(e["mimes"]), " ".join(flags)))
    print("%s: %d messages, %d late, %d misplaced" % (args.notebook, len(log), late, misplaced))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"notebook": args.notebook, "cells": [c.get("id") for c in cells],
                       "log": log}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
