//! Enums that keep values they do not know.
//!
//! The platform documents a few values for `storageType` and `status` and adds more over time
//! (`AZURE` and `ACTIVE` are already seen in the wild). A closed Rust enum would turn each new
//! value into a decode failure of the whole listing, so these enums have an `Unknown` variant
//! that keeps the text exactly as sent, and encode back to it.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A value of an open enum that this version of the SDK does not know.
///
/// It cannot be built from a known value, so `Unknown` never shadows a known variant: matching
/// on the known variants stays exhaustive for everything this version knows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value as the server sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Defines an open enum: known variants with their wire text, plus `Unknown(UnknownValue)`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $description:literal {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )+
            /// A value this version of the SDK does not know, kept as sent.
            Unknown(UnknownValue),
        }

        impl $name {
            /// The wire text of every known variant, in the spec's order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this version of the SDK knows the value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            fn from_wire(text: Cow<'_, str>) -> Self {
                match text.as_ref() {
                    $( $wire => Self::$variant, )+
                    _ => Self::Unknown(UnknownValue(text.into_owned())),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Never fails: an unknown value parses to `Unknown`.
        impl FromStr for $name {
            type Err = Infallible;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(Cow::Borrowed(text)))
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::from_wire(Cow::Borrowed(text))
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self::from_wire(Cow::Owned(text))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(OpenEnumVisitor::<$name>::new(stringify!($name)))
            }
        }

        impl $name {
            /// The description of the type, as in the spec.
            #[cfg_attr(not(feature = "schemars"), allow(dead_code))]
            pub(crate) const DESCRIPTION: &str = $description;
        }
    };
}

open_enum! {
    /// Cloud storage provider type of a bucket (`storageType`).
    ///
    /// ```
    /// use flashback_api::StorageType;
    ///
    /// assert_eq!("GCS".parse::<StorageType>().unwrap(), StorageType::Gcs);
    /// let azure: StorageType = "AZURE".parse().unwrap();
    /// assert!(!azure.is_known());
    /// assert_eq!(azure.to_string(), "AZURE");
    /// ```
    StorageType,
    "Cloud storage provider type. The documented values are `S3`, `GCS` and `BLOB`; the set is \
     open-ended, so clients must accept and keep any other string." {
        /// Amazon S3 or an S3-compatible service.
        S3 = "S3",
        /// Google Cloud Storage.
        Gcs = "GCS",
        /// Azure Blob Storage.
        Blob = "BLOB",
    }
}

open_enum! {
    /// Current status of a bucket (`status`), as reported by bridge-node health checks.
    ///
    /// ```
    /// use flashback_api::BucketStatus;
    ///
    /// assert_eq!("ONLINE".parse::<BucketStatus>().unwrap(), BucketStatus::Online);
    /// assert_eq!(BucketStatus::from("ACTIVE").as_str(), "ACTIVE");
    /// ```
    BucketStatus,
    "Current status of the bucket. The values seen are `ONLINE`, `OFFLINE` and `DISCONNECTED` \
     (bridge-node health); the set is open-ended, so clients must accept and keep any other \
     string." {
        /// The bucket answers.
        Online = "ONLINE",
        /// The bucket does not answer.
        Offline = "OFFLINE",
        /// The bridge node lost its connection to the bucket.
        Disconnected = "DISCONNECTED",
    }
}

/// Decodes an open enum from a string without allocating for known values.
struct OpenEnumVisitor<T> {
    name: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<T> OpenEnumVisitor<T> {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            marker: std::marker::PhantomData,
        }
    }
}

impl<T: for<'a> From<&'a str> + From<String>> Visitor<'_> for OpenEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string ({})", self.name)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        Ok(T::from(text))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<T, E> {
        Ok(T::from(text))
    }
}
