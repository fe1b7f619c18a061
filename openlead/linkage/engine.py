"""Backends: the same Splink model on DuckDB (default) or Spark (statewide scale).

The base class fixes the shared steps; each backend only says how to make Splink's
database API and how to hand it a pandas table.
"""

from __future__ import annotations

import os
import sys
import uuid
from abc import ABC, abstractmethod
from typing import Any

import pandas as pd

from openlead.duckdb_sql import number

__all__ = ["Backend", "DuckDBBackend", "SparkBackend", "make_backend"]


class Backend(ABC):
    name: str
    # Splink estimates u in chunks to stop early; each chunk is a Spark job, so Spark
    # does better with one.
    u_chunks: int = 10

    def __init__(self) -> None:
        self._api: Any = None

    @property
    def api(self) -> Any:
        if self._api is None:
            self._api = self._make_api()
        return self._api

    @abstractmethod
    def _make_api(self) -> Any: ...

    @abstractmethod
    def _native(self, df: pd.DataFrame) -> Any:
        """The table in a form the backend can register."""

    def register(self, df: pd.DataFrame, name: str) -> Any:
        # Unique table names: a Spark session (and its catalog) outlives one run.
        table = f"openlead_{name}_{uuid.uuid4().hex[:8]}"
        return self.api.register(self._native(df), dataset_display_name=name, table_name=table)

    def weights(self, predictions: Any) -> pd.DataFrame:
        """Scored pairs by match weight, to a tenth of a bit (columns w, n)."""
        return predictions.query_sql(
            "SELECT round(match_weight, 1) AS w, count(*) AS n FROM {this} GROUP BY 1"
        ).as_pandas_dataframe()

    def collect(
        self, predictions: Any, review: float, shift: float = 0.0
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(weight histogram of every scored pair, pairs with p >= review) as pandas.

        `shift` is added to every match weight first (a re-estimated prior)."""
        plus = number(shift)
        histogram = predictions.query_sql(
            # By blocking rule too: the summary says how many pairs each rule found.
            f"SELECT floor(match_weight + {plus}) AS bin, match_key, count(*) AS n "  # noqa: S608
            "FROM {this} GROUP BY 1, 2"
        ).as_pandas_dataframe()
        kept = predictions.query_sql(
            # Splink's query_sql takes no parameters: checked, finite number literals.
            f"SELECT * FROM {{this}} WHERE match_weight + {plus} >= {number(_logit2(review))}"  # noqa: S608
        ).as_pandas_dataframe()
        return histogram, kept

    def close(self) -> None:
        """Release the backend's resources."""
        self._api = None


class DuckDBBackend(Backend):
    name = "duckdb"

    def _make_api(self) -> Any:
        from splink import DuckDBAPI

        api = DuckDBAPI(":memory:")
        # Pair tables are written once and read whole; order costs memory and time.
        api.duckdb_con.execute("SET preserve_insertion_order = false")
        return api

    def _native(self, df: pd.DataFrame) -> Any:
        return df

    def close(self) -> None:
        if self._api is not None:
            self._api.duckdb_con.close()
        super().close()


class SparkBackend(Backend):
    """Spark through Splink's SparkAPI; local mode unless a session already exists."""

    name = "spark"
    u_chunks = 1

    def __init__(self, spark_session: Any = None, partitions: int = 2) -> None:
        super().__init__()
        self._session = spark_session
        self._partitions = partitions

    def _make_api(self) -> Any:
        from splink.backends.spark import SparkAPI

        return SparkAPI(
            spark_session=self.session(),
            num_partitions_on_repartition=self._partitions,
            break_lineage_method="persist",
        )

    def session(self) -> Any:
        if self._session is None:
            self._session = _local_spark_session(self._partitions)
        return self._session

    def weights(self, predictions: Any) -> pd.DataFrame:
        from pyspark.sql import functions as F  # noqa: N812

        frame = predictions.as_spark_dataframe()
        grouped = frame.groupBy(F.round("match_weight", 1).alias("w")).agg(F.count("*").alias("n"))
        return grouped.toPandas()

    def collect(
        self, predictions: Any, review: float, shift: float = 0.0
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        # The DataFrame API on one cached frame: each Splink query_sql is a new job.
        from pyspark.sql import functions as F  # noqa: N812

        frame = predictions.as_spark_dataframe().cache()
        weight = F.col("match_weight") + F.lit(float(shift))
        histogram = (
            frame.groupBy(F.floor(weight).alias("bin"), "match_key").agg(F.count("*").alias("n"))
        ).toPandas()
        kept = frame.filter(weight >= _logit2(review)).toPandas()
        frame.unpersist()
        return histogram, kept

    def _native(self, df: pd.DataFrame) -> Any:
        from pyspark.sql.types import ArrayType, StringType, StructField, StructType

        from openlead.linkage.fields import PREPARED_COLUMNS

        arrays = set(PREPARED_COLUMNS["aliases"])
        # Explicit string schema: an all-missing column would defeat type inference.
        schema = StructType(
            [
                StructField(c, ArrayType(StringType()) if c in arrays else StringType(), True)
                for c in df.columns
            ]
        )
        plain = df.astype(object).where(df.notna(), None)
        return self.session().createDataFrame(plain.to_numpy().tolist(), schema=schema)


def _logit2(p: float) -> float:
    import math

    return math.log2(p / (1 - p)) if p < 1 else 1e9


def _local_spark_session(partitions: int) -> Any:
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Local mode stays on loopback (the machine's name may resolve elsewhere).
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master(f"local[{min(partitions, os.cpu_count() or 1)}]")
        .appName("openlead-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "2g")
        .config("spark.ui.showConsoleProgress", "false")
        # Arrow makes collecting results to pandas fast (row-by-row otherwise).
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def make_backend(engine: str | Backend) -> Backend:
    if isinstance(engine, Backend):
        return engine
    if engine == "duckdb":
        return DuckDBBackend()
    if engine == "spark":
        return SparkBackend()
    raise ValueError(f"unknown engine {engine!r}: use 'duckdb' or 'spark'")
