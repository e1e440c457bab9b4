"""JSON Schemas of the three file formats, for editor autocompletion and CI validation.

They describe the shape; ``maturity validate`` checks everything else (ids that must exist, ascending
levels, every language present, ...).
"""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://maturity.invalid/schema"
ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
TEXT = {
    "type": "object",
    "description": "A text per language, e.g. {de: ..., en: ...}",
    "patternProperties": {"^[a-z]{2}$": {"type": "string", "minLength": 1}},
    "additionalProperties": False,
    "minProperties": 1,
}
APPLIES_IF = {
    "type": "object",
    "description": "Routing: profile question id (or 'population') -> the options for which the "
    "question is asked, or a range {min, max} (min <= value < max); 'state' -> Land codes "
    "(BY, RP, ...). All must hold.",
    "properties": {
        "state": {
            "type": "array",
            "minItems": 1,
            "items": {
                "enum": [
                    "BW",
                    "BY",
                    "BE",
                    "BB",
                    "HB",
                    "HH",
                    "HE",
                    "MV",
                    "NI",
                    "NW",
                    "RP",
                    "SL",
                    "SN",
                    "ST",
                    "SH",
                    "TH",
                ]
            },
        }
    },
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"type": ["string", "boolean"]}, "minItems": 1},
            {
                "type": "object",
                "properties": {"min": {"type": "number"}, "max": {"type": "number"}},
                "minProperties": 1,
                "additionalProperties": False,
            },
        ]
    },
}
OPTION = {
    "type": "object",
    "required": ["id", "label"],
    "properties": {
        "id": {"type": ["string", "integer"]},
        "label": {"$ref": "#/$defs/text"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "points": {"type": "number", "minimum": 0},
        "exclusive": {"type": "boolean"},
        "next": {
            "$ref": "#/$defs/text",
            "description": "choice options: the next step for a municipality giving this answer",
        },
        "applies_if": {"$ref": "#/$defs/applies_if"},
    },
    "additionalProperties": False,
}
PROFILE_QUESTION = {
    "type": "object",
    "required": ["id", "type", "text"],
    "properties": {
        "id": ID,
        "type": {"enum": ["choice", "yesno", "number"]},
        "text": {"$ref": "#/$defs/text"},
        "help": {"$ref": "#/$defs/text"},
        "options": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "label"],
                "properties": {
                    "id": ID,
                    "label": {"$ref": "#/$defs/text"},
                    "lies_with": {
                        "$ref": "#/$defs/text",
                        "description": "Where the tasks lie that this answer routes away, e.g. "
                        "'liegt beim Amt': what reports say of an area that does not apply.",
                    },
                },
                "additionalProperties": False,
            },
        },
        "min": {"type": "number"},
        "max": {"type": "number"},
        "unit": {"$ref": "#/$defs/text"},
    },
    "additionalProperties": False,
}
QUESTION = {
    "type": "object",
    "required": ["id", "type", "text"],
    "properties": {
        "id": ID,
        "type": {"enum": ["choice", "multi", "yesno", "number", "percent", "text"]},
        "text": {"$ref": "#/$defs/text"},
        "help": {"$ref": "#/$defs/text"},
        "scale": {"type": "string"},
        "options": {"type": "array", "items": {"$ref": "#/$defs/option"}, "minItems": 1},
        "max_points": {"type": "number", "exclusiveMinimum": 0},
        "weight": {"type": "number", "exclusiveMinimum": 0},
        "allow_na": {"type": "boolean"},
        "gate": {
            "type": "object",
            "required": ["min_score", "max_level"],
            "properties": {
                "min_score": {"type": "number", "minimum": 0, "maximum": 1},
                "max_level": {"type": "integer", "minimum": 1},
                "overall": {
                    "type": "boolean",
                    "description": "The gate caps the overall level as well.",
                },
            },
            "additionalProperties": False,
        },
        "recommendation": {"$ref": "#/$defs/text"},
        "obligation": {
            "type": "object",
            "description": "The legal duty behind the question, in words with its reference, and "
            "optionally its deadlines: the first whose applies_if holds is the municipality's.",
            "properties": {
                "due": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["date"],
                        "properties": {
                            "date": {"type": "string", "format": "date"},
                            "applies_if": {"$ref": "#/$defs/applies_if"},
                        },
                        "additionalProperties": False,
                    },
                }
            },
            "patternProperties": {"^[a-z]{2}$": {"type": "string", "minLength": 1}},
            "additionalProperties": False,
            "minProperties": 1,
        },
        "answered_by": {
            "$ref": "#/$defs/text",
            "description": "Who in the administration usually knows the answer.",
        },
        "effort": {"enum": ["low", "medium", "high"]},
        "refs": {"type": "array", "items": {"type": "string"}},
        "applies_if": {"$ref": "#/$defs/applies_if"},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "unit": {"$ref": "#/$defs/text"},
        "bands": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["from", "score"],
                "properties": {
                    "from": {"type": "number"},
                    "score": {"type": "number", "minimum": 0, "maximum": 1},
                    "next": {"$ref": "#/$defs/text"},
                },
                "additionalProperties": False,
            },
        },
        "linear": {
            "type": "object",
            "required": ["zero", "full"],
            "properties": {"zero": {"type": "number"}, "full": {"type": "number"}},
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}

QUESTIONNAIRE: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": f"{BASE}/questionnaire.json",
    "title": "maturity questionnaire",
    "type": "object",
    "required": ["id", "version", "languages", "title", "levels", "areas"],
    "properties": {
        "id": ID,
        "version": {"type": "string"},
        "languages": {
            "type": "array",
            "items": {"type": "string", "pattern": "^[a-z]{2}$"},
            "minItems": 1,
            "uniqueItems": True,
        },
        "title": {"$ref": "#/$defs/text"},
        "description": {"$ref": "#/$defs/text"},
        "scoring": {
            "type": "object",
            "properties": {
                "min_coverage": {"type": "number", "minimum": 0, "maximum": 1},
                "min_questions": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "An area with fewer answered questions gets no level.",
                },
            },
            "additionalProperties": False,
        },
        "levels": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "min_score", "name"],
                "properties": {
                    "id": {"type": "integer", "minimum": 1},
                    "min_score": {"type": "number", "minimum": 0, "maximum": 100},
                    "name": {"$ref": "#/$defs/text"},
                    "description": {"$ref": "#/$defs/text"},
                },
                "additionalProperties": False,
            },
        },
        "references": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["title"],
                "properties": {
                    "title": {"$ref": "#/$defs/text"},
                    "source": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                },
                "additionalProperties": False,
            },
        },
        "scales": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {"$ref": "#/$defs/option"},
                "minItems": 1,
            },
        },
        "profile": {
            "type": "array",
            "description": "Facts about the municipality, asked first, never scored; they route "
            "questions (applies_if).",
            "items": {"$ref": "#/$defs/profile_question"},
        },
        "areas": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "name", "questions"],
                "properties": {
                    "id": ID,
                    "name": {"$ref": "#/$defs/text"},
                    "description": {"$ref": "#/$defs/text"},
                    "weight": {"type": "number", "exclusiveMinimum": 0},
                    "refs": {"type": "array", "items": {"type": "string"}},
                    "advice": {
                        "type": "object",
                        "patternProperties": {"^[0-9]+$": {"$ref": "#/$defs/text"}},
                        "additionalProperties": False,
                    },
                    "questions": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"$ref": "#/$defs/question"},
                    },
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
    "$defs": {
        "text": TEXT,
        "option": OPTION,
        "question": QUESTION,
        "applies_if": APPLIES_IF,
        "profile_question": PROFILE_QUESTION,
    },
}

ANSWER_VALUE = {
    "description": "An option id, a list of option ids, yes/no, a number, a text, 'na' or 'unknown'",
    "type": ["string", "number", "boolean", "array", "null"],
    "items": {"type": ["string", "integer"]},
}
ANSWERS: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": f"{BASE}/answers.json",
    "title": "maturity answers",
    "type": "object",
    "required": ["questionnaire", "answers"],
    "properties": {
        "questionnaire": {"type": "string"},
        "questionnaire_version": {"type": "string"},
        "municipality": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "ags": {
                    "type": "string",
                    "pattern": "^[0-9]{8}$",
                    "description": "Amtlicher Gemeindeschlüssel, 8 digits, as a quoted string",
                },
                "population": {"type": "integer", "minimum": 0},
                "state": {
                    "enum": [
                        "BW",
                        "BY",
                        "BE",
                        "BB",
                        "HB",
                        "HH",
                        "HE",
                        "MV",
                        "NI",
                        "NW",
                        "RP",
                        "SL",
                        "SN",
                        "ST",
                        "SH",
                        "TH",
                    ]
                },
            },
            "additionalProperties": False,
        },
        "assessed_on": {"type": "string", "format": "date"},
        "assessor": {"type": "string"},
        "targets": {
            "type": "object",
            "description": "The level aimed for per action area id.",
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
        "profile": {
            "type": "object",
            "description": "Answers to the questionnaire's profile questions: an option id, "
            "yes/no, or a number.",
            "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
        },
        "answers": {
            "type": "object",
            "additionalProperties": {
                "anyOf": [
                    ANSWER_VALUE,
                    {
                        "type": "object",
                        "properties": {
                            "answer": ANSWER_VALUE,
                            "comment": {"type": "string"},
                            "evidence": {"type": "string"},
                        },
                        "additionalProperties": False,
                    },
                ]
            },
        },
    },
    "additionalProperties": False,
}

MAPPING: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": f"{BASE}/mapping.json",
    "title": "maturity mapping of a survey export",
    "type": "object",
    "required": ["questionnaire"],
    "properties": {
        "questionnaire": {"type": "string"},
        "format": {
            "description": "Not used (a warning): exports are recognised by their columns.",
            "deprecated": True,
        },
        "entity": {
            "type": "object",
            "properties": {
                k: {"type": "string"}
                for k in ("id", "name", "population", "respondent", "submitted")
            },
            "additionalProperties": False,
        },
        "columns": {
            "type": "object",
            "additionalProperties": {
                "anyOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "properties": {
                            "column": {"type": "string"},
                            "separator": {"type": "string"},
                            "status": {
                                "type": "string",
                                "description": "number questions: the column saying "
                                "'weiß nicht' or 'nicht zutreffend' when the number is empty",
                            },
                            "options": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                            },
                        },
                        "additionalProperties": False,
                    },
                ]
            },
        },
        "values": {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "na": {"type": "array", "items": {"type": "string"}},
        "unknown": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
}

_QUARTILES: dict[str, Any] = {
    "type": "object",
    "required": ["count", "q1", "median", "q3"],
    "properties": {
        "count": {"type": "integer", "minimum": 5},
        "q1": {"type": "number", "minimum": 0, "maximum": 100},
        "median": {"type": "number", "minimum": 0, "maximum": 100},
        "q3": {"type": "number", "minimum": 0, "maximum": 100},
    },
    "additionalProperties": False,
}

BENCHMARK: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": f"{BASE}/benchmark.json",
    "title": "maturity benchmark file (peer groups, written by maturity batch)",
    "type": "object",
    "required": ["format", "version", "questionnaire", "groups"],
    "properties": {
        "format": {"const": "maturity-benchmark"},
        "version": {"const": 1},
        "questionnaire": {
            "type": "object",
            "required": ["id", "version"],
            "properties": {"id": {"type": "string"}, "version": {"type": "string"}},
            "additionalProperties": False,
        },
        "municipalities": {"type": "integer", "minimum": 0},
        "min_group": {"type": "integer", "minimum": 5},
        "evaluated_on": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "export": {"type": "string"},
        "groups": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "key", "label", "count", "overall", "areas"],
                "properties": {
                    "kind": {"enum": ["all", "size", "state"]},
                    "key": {"type": "string", "minLength": 1},
                    "label": TEXT,
                    "count": {"type": "integer", "minimum": 5},
                    "overall": _QUARTILES,
                    "areas": {"type": "object", "additionalProperties": _QUARTILES},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "questionnaire": QUESTIONNAIRE,
    "answers": ANSWERS,
    "mapping": MAPPING,
    "benchmark": BENCHMARK,
}
