//! The test oracle of the report encoder: rows written the generic way,
//! through serde and the csv crate's writer, one struct as one record, text
//! cells guarded. [`crate::Row::encode`] must give the same bytes for every
//! row type; production code never calls this.

use std::fmt::{self, Write as _};
use std::io;

use serde::ser::{self, Impossible, Serialize};

use standpoint_csvio::{guard_cell, CsvProfile};

/// A failed cell: the writer failed, or a value can't be one cell.
#[derive(Debug)]
pub(crate) enum CellError {
    Csv(csv::Error),
    Shape(String),
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellError::Csv(e) => e.fmt(f),
            CellError::Shape(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for CellError {}

impl ser::Error for CellError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        CellError::Shape(msg.to_string())
    }
}

fn shape<T>(what: &str) -> Result<T, CellError> {
    Err(CellError::Shape(format!(
        "a report cell cannot hold {what}"
    )))
}

/// Writes a struct's fields as one record.
pub(crate) struct RowSer<'a, W: io::Write> {
    pub(crate) csv: &'a mut csv::Writer<W>,
    pub(crate) profile: CsvProfile,
    pub(crate) buf: String,
}

impl<W: io::Write> ser::SerializeStruct for &mut RowSer<'_, W> {
    type Ok = ();
    type Error = CellError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        _key: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        self.buf.clear();
        let kind = value.serialize(CellSer { buf: &mut self.buf })?;
        let cell = match (kind, self.profile) {
            (Kind::Text, CsvProfile::Excel) => guard_cell(&self.buf),
            _ => self.buf.as_str().into(),
        };
        self.csv
            .write_field(cell.as_bytes())
            .map_err(CellError::Csv)
    }

    fn end(self) -> Result<(), CellError> {
        self.csv.write_record(None::<&[u8]>).map_err(CellError::Csv)
    }
}

macro_rules! reject {
    ($($method:ident($($arg:ty),*) -> $ret:ty, $what:literal;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ret, CellError> {
            shape($what)
        })*
    };
}

impl<W: io::Write> ser::Serializer for &mut RowSer<'_, W> {
    type Ok = ();
    type Error = CellError;
    type SerializeSeq = Impossible<(), CellError>;
    type SerializeTuple = Impossible<(), CellError>;
    type SerializeTupleStruct = Impossible<(), CellError>;
    type SerializeTupleVariant = Impossible<(), CellError>;
    type SerializeMap = Impossible<(), CellError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), CellError>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, CellError> {
        Ok(self)
    }

    reject! {
        serialize_bool(bool) -> (), "a row of one boolean";
        serialize_i8(i8) -> (), "a row of one number";
        serialize_i16(i16) -> (), "a row of one number";
        serialize_i32(i32) -> (), "a row of one number";
        serialize_i64(i64) -> (), "a row of one number";
        serialize_u8(u8) -> (), "a row of one number";
        serialize_u16(u16) -> (), "a row of one number";
        serialize_u32(u32) -> (), "a row of one number";
        serialize_u64(u64) -> (), "a row of one number";
        serialize_f32(f32) -> (), "a row of one number";
        serialize_f64(f64) -> (), "a row of one number";
        serialize_char(char) -> (), "a row of one character";
        serialize_str(&str) -> (), "a row of one string";
        serialize_bytes(&[u8]) -> (), "bytes";
        serialize_unit_struct(&'static str) -> (), "a unit row";
        serialize_unit_variant(&'static str, u32, &'static str) -> (), "an enum row";
        serialize_seq(Option<usize>) -> Self::SerializeSeq, "a sequence";
        serialize_tuple(usize) -> Self::SerializeTuple, "a tuple";
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct, "a tuple";
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant, "a tuple";
        serialize_map(Option<usize>) -> Self::SerializeMap, "a map";
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant, "an enum row";
    }

    fn serialize_none(self) -> Result<(), CellError> {
        shape("a missing row")
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), CellError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), CellError> {
        shape("a unit row")
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), CellError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), CellError> {
        shape("an enum row")
    }
}

/// What a cell holds: text (guarded) or a number, boolean or nothing.
pub(crate) enum Kind {
    Text,
    Raw,
}

/// Serializes one field value into `buf`.
struct CellSer<'b> {
    buf: &'b mut String,
}

impl CellSer<'_> {
    fn raw(self, v: impl fmt::Display) -> Result<Kind, CellError> {
        write!(self.buf, "{v}").map_err(|e| CellError::Shape(e.to_string()))?;
        Ok(Kind::Raw)
    }
}

impl ser::Serializer for CellSer<'_> {
    type Ok = Kind;
    type Error = CellError;
    type SerializeSeq = Impossible<Kind, CellError>;
    type SerializeTuple = Impossible<Kind, CellError>;
    type SerializeTupleStruct = Impossible<Kind, CellError>;
    type SerializeTupleVariant = Impossible<Kind, CellError>;
    type SerializeMap = Impossible<Kind, CellError>;
    type SerializeStruct = Impossible<Kind, CellError>;
    type SerializeStructVariant = Impossible<Kind, CellError>;

    fn serialize_bool(self, v: bool) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_f64(self, v: f64) -> Result<Kind, CellError> {
        self.raw(v)
    }
    fn serialize_char(self, v: char) -> Result<Kind, CellError> {
        self.buf.push(v);
        Ok(Kind::Text)
    }
    fn serialize_str(self, v: &str) -> Result<Kind, CellError> {
        self.buf.push_str(v);
        Ok(Kind::Text)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Kind, CellError> {
        shape("bytes")
    }
    fn serialize_none(self) -> Result<Kind, CellError> {
        Ok(Kind::Raw)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<Kind, CellError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Kind, CellError> {
        Ok(Kind::Raw)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Kind, CellError> {
        Ok(Kind::Raw)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Kind, CellError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Kind, CellError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Kind, CellError> {
        shape("an enum with data")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, CellError> {
        shape("a sequence")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, CellError> {
        shape("a tuple")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, CellError> {
        shape("a tuple")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, CellError> {
        shape("a tuple")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, CellError> {
        shape("a map")
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, CellError> {
        shape("a nested struct")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, CellError> {
        shape("an enum with data")
    }
}

/// `rows` (header first when `header`) as the serde + csv writer path writes them.
pub(crate) fn serde_bytes<R: Serialize>(
    header: Option<&[&str]>,
    rows: &[R],
    profile: CsvProfile,
) -> Vec<u8> {
    let mut csv = profile.writer_builder().from_writer(Vec::new());
    if let Some(names) = header {
        let first = format!("{}{}", profile.bom(), names[0]);
        csv.write_record(std::iter::once(first.as_str()).chain(names[1..].iter().copied()))
            .unwrap();
    }
    for row in rows {
        let mut cells = RowSer {
            csv: &mut csv,
            profile,
            buf: String::new(),
        };
        row.serialize(&mut cells).unwrap();
    }
    csv.into_inner().unwrap()
}
