//! What the runtime tells [`tracing`](https://docs.rs/tracing) when the
//! `tracing` feature is on: a span per call into a plugin (a host call, a
//! socket hop, a destructor), nested as the calls nest, with what the call
//! spent recorded when it closes; an event when a call fails or a plugin
//! restarts.
//!
//! Without the feature every item here is empty and inlined: a call pays
//! nothing for it.

use crate::error::{DispatchError, LinkError};

/// The span of one call into a plugin, entered while the call runs.
#[cfg(feature = "tracing")]
pub(crate) struct CallSpan(tracing::span::EnteredSpan);

/// The span of one call into a plugin (nothing without the `tracing`
/// feature).
#[cfg(not(feature = "tracing"))]
pub(crate) struct CallSpan;

impl CallSpan {
    /// Enters the span of a call of `package`'s `interface#function` in
    /// plugin `plugin` (`package` is empty for a destructor).
    #[inline]
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn enter(package: &str, plugin: &str, interface: &str, function: &str) -> Self {
        #[cfg(feature = "tracing")]
        {
            Self(
                tracing::info_span!(
                    target: "wasm_link",
                    "call",
                    plugin,
                    package,
                    interface,
                    function,
                    fuel = tracing::field::Empty,
                    ticks = tracing::field::Empty,
                )
                .entered(),
            )
        }
        #[cfg(not(feature = "tracing"))]
        Self
    }

    /// Enters the span of a destructor of plugin `plugin()` (asked for only
    /// when the feature is on: naming a plugin may allocate).
    #[inline]
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn destructor<N: AsRef<str>>(
        plugin: impl FnOnce() -> N,
        interface: &str,
        function: &str,
    ) -> Self {
        #[cfg(feature = "tracing")]
        {
            Self::enter("", plugin().as_ref(), interface, function)
        }
        #[cfg(not(feature = "tracing"))]
        Self
    }

    /// Records what the call spent, where the engine meters it (zero is
    /// left out: nothing metered, or nothing burnt).
    #[inline]
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables, clippy::unused_self))]
    pub(crate) fn spent(&self, fuel: u64, ticks: u64) {
        #[cfg(feature = "tracing")]
        {
            if fuel > 0 {
                self.0.record("fuel", fuel);
            }
            if ticks > 0 {
                self.0.record("ticks", ticks);
            }
        }
    }
}

/// The span of one async call into a plugin, entered only while the call is
/// polled (an entered span cannot cross an `.await`).
#[cfg(feature = "tracing")]
pub(crate) struct AsyncSpan(tracing::Span);

/// The span of one async call into a plugin (nothing without the `tracing`
/// feature).
#[cfg(not(feature = "tracing"))]
pub(crate) struct AsyncSpan;

impl AsyncSpan {
    /// The span of an async call of `package`'s `interface#function` in
    /// plugin `plugin`.
    #[inline]
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn new(package: &str, plugin: &str, interface: &str, function: &str) -> Self {
        #[cfg(feature = "tracing")]
        {
            Self(tracing::info_span!(
                target: "wasm_link",
                "call",
                plugin,
                package,
                interface,
                function,
                fuel = tracing::field::Empty,
                ticks = tracing::field::Empty,
            ))
        }
        #[cfg(not(feature = "tracing"))]
        Self
    }

    /// A handle to record what the call spent from inside `future`.
    #[inline]
    #[cfg_attr(not(feature = "tracing"), allow(clippy::unused_self))]
    pub(crate) fn recorder(&self) -> Self {
        #[cfg(feature = "tracing")]
        {
            Self(self.0.clone())
        }
        #[cfg(not(feature = "tracing"))]
        Self
    }

    /// Runs `future` inside the span.
    #[inline]
    #[cfg_attr(not(feature = "tracing"), allow(clippy::unused_self))]
    pub(crate) fn instrument<F: std::future::Future>(
        self,
        future: F,
    ) -> impl std::future::Future<Output = F::Output> {
        #[cfg(feature = "tracing")]
        {
            tracing::Instrument::instrument(future, self.0)
        }
        #[cfg(not(feature = "tracing"))]
        future
    }

    /// Records what the call spent (see [`CallSpan::spent`]).
    #[inline]
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables, clippy::unused_self))]
    pub(crate) fn spent(&self, fuel: u64, ticks: u64) {
        #[cfg(feature = "tracing")]
        {
            if fuel > 0 {
                self.0.record("fuel", fuel);
            }
            if ticks > 0 {
                self.0.record("ticks", ticks);
            }
        }
    }
}

/// A call failed inside its plugin (a trap, an exhausted limit): an event,
/// in the failed call's span.
#[inline]
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn failed(error: &DispatchError) {
    #[cfg(feature = "tracing")]
    {
        let kind = match error {
            DispatchError::FuelExhausted(_) => "fuel exhausted",
            DispatchError::DeadlineExceeded(_) => "deadline exceeded",
            DispatchError::Trap { .. } => "trap",
            _ => "failed",
        };
        tracing::warn!(target: "wasm_link", kind, %error, "call failed");
    }
}

/// `plugin` was restarted, or its restart failed.
#[inline]
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn restarted(plugin: &str, outcome: &Result<(), LinkError>) {
    #[cfg(feature = "tracing")]
    match outcome {
        Ok(()) => tracing::info!(target: "wasm_link", plugin, "plugin restarted"),
        Err(error) => tracing::warn!(target: "wasm_link", plugin, %error, "restart failed"),
    }
}

/// A change of `package`'s members (`action`: replace, insert or remove of
/// `plugin`) took effect, or was refused.
#[inline]
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn membership(
    package: &str,
    action: &str,
    plugin: &str,
    outcome: &Result<(), LinkError>,
) {
    #[cfg(feature = "tracing")]
    match outcome {
        Ok(()) => tracing::info!(target: "wasm_link", package, action, plugin, "members changed"),
        Err(error) => {
            tracing::warn!(target: "wasm_link", package, action, plugin, %error, "change refused");
        }
    }
}
