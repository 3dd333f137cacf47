//! Which cases a filtered run measures, so that their set-up is skipped too
//! (`cargo bench -p wasm-link-benches -- fanout` instantiates no graph).
//!
//! Criterion applies the filter itself; this reads the same positional
//! argument (a regex, or an exact id with `--exact`) only to decide which
//! groups to build. When in doubt it builds the group.

use regex::Regex;

use crate::report;

pub struct Selection {
    filter: Filter,
    cases: Vec<String>,
}

enum Filter {
    All,
    Exact(String),
    Pattern(Regex),
}

/// Criterion's options that take a value (see `Criterion::configure_from_args`).
const WITH_VALUE: [&str; 19] = [
    "-c",
    "--color",
    "-s",
    "--save-baseline",
    "-b",
    "--baseline",
    "--baseline-lenient",
    "--format",
    "--profile-time",
    "--load-baseline",
    "--sample-size",
    "--warm-up-time",
    "--measurement-time",
    "--nresamples",
    "--noise-threshold",
    "--confidence-level",
    "--significance-level",
    "--plotting-backend",
    "--output-format",
];

impl Selection {
    pub fn from_args() -> Self {
        let mut args = std::env::args().skip(1);
        let mut exact = false;
        let mut positional = None;
        while let Some(arg) = args.next() {
            if arg == "--exact" {
                exact = true;
            } else if WITH_VALUE.contains(&arg.as_str()) {
                args.next();
            } else if !arg.starts_with('-') && positional.is_none() {
                positional = Some(arg);
            }
        }
        let filter = match positional {
            None => Filter::All,
            Some(id) if exact => Filter::Exact(id),
            Some(pattern) => Regex::new(&pattern).map_or(Filter::All, Filter::Pattern),
        };
        Self {
            filter,
            cases: report::all_cases(),
        }
    }

    fn matches(&self, case: &str) -> bool {
        match &self.filter {
            Filter::All => true,
            Filter::Exact(id) => id == case,
            Filter::Pattern(regex) => regex.is_match(case),
        }
    }

    /// Whether any case of `group` (with parameter `param`, if given) runs.
    pub fn wants(&self, group: &str, param: Option<&str>) -> bool {
        self.cases.iter().any(|case| {
            case.strip_prefix(group)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|rest| {
                    param.is_none_or(|p| rest.rsplit('/').next() == Some(p)) && self.matches(case)
                })
        })
    }
}
