"""A Flask host for <cpap-dashboard>, as a sleep lab already runs one.

- `/`            the host's own home page (a route of the host, not of the library)
- `/monitor/`    the dashboard page: a Jinja template in a blueprint mounted under a sub-path; its
                 CSS from the blueprint's `static/`, the library as built (`dist/cdn`) under
                 `/monitor/static/lib/`
- the patient API of ../../../shared/spec/patient-api.md, implemented here in Python over sqlite3,
  at the host's root (`/add_patient`, `/get_all_patients`, `/new_cpap_pressure/<room>/<value>`,
  `/CPAP_query/<room>`, `/health`). No `/events`, no `/patients`: the lab's old server had neither,
  so the dashboard polls `CPAP_query`. The page sets no `api-url`: the default is the page's origin.

Every response carries the host's Content-Security-Policy (see README.md for why each source).

Environment: PORT (default 5000), HOST (127.0.0.1), PATIENTS_DB (sqlite file, default
examples/flask/data/patients.db), DASHBOARD_LIB (default ../../dist/cdn), API_URL (optional:
an `api-url` for the page; unset = the page's origin).
"""
import json
import math
import os
import re
import sqlite3
import threading
import time

from flask import Blueprint, Flask, abort, jsonify, render_template, request, send_from_directory

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
LIB_DIR = os.path.abspath(os.environ.get("DASHBOARD_LIB") or os.path.join(ROOT, "dist", "cdn"))
DB_PATH = os.path.abspath(os.environ.get("PATIENTS_DB") or os.path.join(HERE, "data", "patients.db"))
API_URL = os.environ.get("API_URL", "")

# The strictest policy the dashboard works under (checked by test/node/examples-python.test.ts):
# module scripts and the analysis worker from this origin only, no inline script or style (the
# elements use adopted stylesheets), fetches to this origin, stored flow images arrive inline
# from /get_all_patients as data: URLs.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

app = Flask(__name__)

# ---------------------------------------------------------------------------------------------
# The host's own routes and the dashboard under /monitor/

monitor = Blueprint(
    "monitor",
    __name__,
    url_prefix="/monitor",
    static_folder="static",
    static_url_path="/static",
    template_folder="templates",
)


@monitor.get("/")
def dashboard_page():
    return render_template("monitor.html", api_url=API_URL)


@monitor.get("/static/lib/<path:filename>")
def lib(filename):
    """The library as built: dist/cdn, unchanged (index.js, its chunks and analysis.worker.js)."""
    if not os.path.isdir(LIB_DIR):
        abort(404, description=f"{LIB_DIR} is missing: run `node scripts/build.js` first")
    return send_from_directory(LIB_DIR, filename)


app.register_blueprint(monitor)


@app.get("/")
def home():
    return render_template("home.html")


@app.after_request
def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


# ---------------------------------------------------------------------------------------------
# The patient API (the lab's contract), over sqlite3

_local = threading.local()
_write_lock = threading.Lock()
# Like the lab's old server: pending pressure requests live in process memory and are never cleared.
_pending = {}


def db():
    conn = getattr(_local, "conn", None)
    if conn is None:
        os.makedirs(os.path.dirname(DB_PATH), exist_ok=True)
        conn = sqlite3.connect(DB_PATH, timeout=10, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            """CREATE TABLE IF NOT EXISTS patients (
                 room_number  INTEGER PRIMARY KEY,
                 patient_mrn  INTEGER NOT NULL,
                 patient_name TEXT    NOT NULL,
                 CPAP_pressure TEXT NOT NULL DEFAULT '[]',
                 breath_rate   TEXT NOT NULL DEFAULT '[]',
                 apnea_count   TEXT NOT NULL DEFAULT '[]',
                 flow_image    TEXT NOT NULL DEFAULT '[]',
                 timestamp     TEXT NOT NULL DEFAULT '[]'
               )"""
        )
        _local.conn = conn
    return conn


MEASUREMENT_KEYS = ("CPAP_pressure", "breath_rate", "apnea_count", "flow_image", "timestamp")
UPLOAD_KEYS = ("patient_mrn", "room_number", "patient_name", "CPAP_pressure", "breath_rate", "apnea_count", "flow_image")
DIGITS = re.compile(r"^[0-9]+$")
DECIMAL = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
PRESSURE_MIN, PRESSURE_MAX = 4, 25


class Rejected(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def wire_int(value):
    """An int (not a bool) or a digit string, non-negative; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and DIGITS.match(value):
        return int(value)
    return None


def wire_rate(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value if math.isfinite(value) and value >= 0 else None
    if isinstance(value, str) and DECIMAL.match(value.strip()):
        n = float(value.strip())
        return n if math.isfinite(n) and n >= 0 else None
    return None


def check_upload(body):
    if not isinstance(body, dict):
        raise Rejected("Input is not a dictionary")
    for key in UPLOAD_KEYS:
        if key not in body:
            raise Rejected(f"Key {key} is missing from input")
    mrn = wire_int(body["patient_mrn"])
    if mrn is None:
        raise Rejected("Key patient_mrn is not an int or numeric string")
    room = wire_int(body["room_number"])
    if room is None:
        raise Rejected("Key room_number is not an int or numeric string")
    if not isinstance(body["patient_name"], str):
        raise Rejected("Key patient_name has the incorrect value type")

    def optional(key, parse):
        if body[key] == "":
            return None
        value = parse(body[key])
        if value is None:
            raise Rejected(f"Key {key} is not an int or numeric string")
        return value

    pressure = optional("CPAP_pressure", wire_int)
    if pressure is not None and not PRESSURE_MIN <= pressure <= PRESSURE_MAX:
        raise Rejected(f"CPAP pressure must be an integer from {PRESSURE_MIN} to {PRESSURE_MAX} cmH2O")
    rate = optional("breath_rate", wire_rate)
    apnea = optional("apnea_count", wire_int)
    if not isinstance(body["flow_image"], str):
        raise Rejected("Key flow_image has the incorrect value type")
    image = re.sub(r"^data:image/[a-z+.-]+;base64,", "", body["flow_image"], flags=re.I)
    return mrn, room, body["patient_name"], pressure, rate, apnea, image


@app.post("/add_patient")
def add_patient():
    body = request.get_json(force=True, silent=True)
    try:
        mrn, room, name, pressure, rate, apnea, image = check_upload(body)
    except Rejected as e:
        return jsonify(e.message), e.status
    with _write_lock:
        conn = db()
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT * FROM patients WHERE room_number = ?", (room,)).fetchone()
            created = row is None
            if row is None or row[1] != mrn:
                # No record for the room, or a new patient has taken it: a fresh record.
                record = {k: [] for k in MEASUREMENT_KEYS}
                stored_name = name
            else:
                record = {k: json.loads(row[3 + i]) for i, k in enumerate(MEASUREMENT_KEYS)}
                stored_name = name or row[2]
            # A measurement only when both pressure and breath rate were sent.
            if pressure is not None and rate is not None:
                record["CPAP_pressure"].append(pressure)
                record["breath_rate"].append(rate)
                record["apnea_count"].append(apnea if apnea is not None else "")
                record["flow_image"].append(image)
                record["timestamp"].append(time.strftime("%Y-%m-%d %H:%M:%S"))
            conn.execute(
                "INSERT OR REPLACE INTO patients VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (room, mrn, stored_name, *(json.dumps(record[k]) for k in MEASUREMENT_KEYS)),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    if created or row[1] != mrn:
        _pending.pop(room, None)
    return jsonify("New patient created" if created else "Patient successfully updated"), 200


@app.get("/get_all_patients")
def get_all_patients():
    try:
        rows = db().execute("SELECT * FROM patients ORDER BY room_number").fetchall()
    except sqlite3.Error as e:
        return jsonify(f"Could not read the patients: {e}"), 400
    out = []
    for row in rows:
        record = {"room_number": row[0], "patient_mrn": row[1], "patient_name": row[2] or "Not provided"}
        for i, k in enumerate(MEASUREMENT_KEYS):
            record[k] = json.loads(row[3 + i])
        out.append(record)
    return jsonify(out), 200


@app.get("/new_cpap_pressure/<room>/<value>")
def new_cpap_pressure(room, value):
    r, v = wire_int(room), wire_int(value)
    if r is None or v is None:
        return jsonify("Bad value for room number or new value"), 400
    _pending[r] = v
    return jsonify(f"CPAP pressure for room {r} set to {v}"), 200


@app.get("/CPAP_query/<room>")
def cpap_query(room):
    r = wire_int(room)
    if r is None or db().execute("SELECT 1 FROM patients WHERE room_number = ?", (r,)).fetchone() is None:
        return jsonify("Patient not in database"), 400
    if r not in _pending:
        # The old server: a KeyError, answered 500. The dashboard must take it quietly.
        return jsonify("No CPAP pressure request pending"), 500
    return jsonify(_pending[r]), 200


@app.get("/health")
def health():
    return jsonify({"status": "healthy", "service": "sleep-lab-api"}), 200


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    host = os.environ.get("HOST", "127.0.0.1")
    print(f"Flask host on http://{host}:{port}/ (dashboard at /monitor/), database {DB_PATH}", flush=True)
    app.run(host=host, port=port, threaded=True, use_reloader=False)
