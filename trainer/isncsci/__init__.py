"""ISNCSCI: the International Standards for Neurological Classification of SCI (2019)."""

from trainer.isncsci.classify import classify
from trainer.isncsci.exam import Exam, ExamError, exam_from_flat, read_exam

__all__ = ["Exam", "ExamError", "classify", "exam_from_flat", "read_exam"]
