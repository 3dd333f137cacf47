//! `DispatchError` and the `dispatch-error` variant of
//! `wasm-link/wit/dispatch.wit` stay in step: every error encodes to a case
//! the WIT declares and decodes back to an equal error, every declared case
//! decodes, and a guest that declares the WIT's type receives failures in it.

use wasm_link::{Binding, CallSite, DISPATCH_WIT, DispatchError, ExactlyOne, Val};

use crate::common::{interfaces, linker, plain_interface, plugin};

const WIT_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../wasm-link/wit/dispatch.wit");

fn wit() -> String {
    std::fs::read_to_string(WIT_PATH).unwrap_or_else(|e| panic!("{WIT_PATH}: {e}"))
}

/// The members declared in the body of `header { ... }`: for each line that
/// is not a comment, the name before `(` or `:`, and what follows it.
fn members(wit: &str, header: &str) -> Vec<(String, String)> {
    let start = wit
        .find(header)
        .unwrap_or_else(|| panic!("the WIT declares `{header}`"))
        + header.len();
    let body = &wit[start..];
    let body = &body[..body.find('}').expect("the declaration ends")];
    body.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .map(|line| {
            let line = line.trim_end_matches(',');
            let split = line.find(['(', ':']).unwrap_or(line.len());
            let name = line[..split].trim().trim_start_matches('%').to_owned();
            let rest = line[split..].trim_matches(|c: char| "():".contains(c) || c.is_whitespace());
            (name, rest.to_owned())
        })
        .collect()
}

/// The cases of `dispatch-error`, in order; each must carry `failure`.
fn wit_cases() -> Vec<String> {
    members(&wit(), "variant dispatch-error {")
        .into_iter()
        .map(|(case, payload)| {
            assert_eq!(payload, "failure", "case `{case}` carries a failure record");
            case
        })
        .collect()
}

/// The fields of `failure`, in order; each must be a string.
fn wit_fields() -> Vec<String> {
    members(&wit(), "record failure {")
        .into_iter()
        .map(|(field, ty)| {
            assert_eq!(ty, "string", "field `{field}` is a string");
            field
        })
        .collect()
}

fn site() -> CallSite {
    CallSite {
        plugin: "plugin-a".to_owned(),
        interface: "api".to_owned(),
        function: "[method]thing.poke".to_owned(),
    }
}

/// One error of every variant, in the enum's declaration order.
fn one_of_each() -> Vec<DispatchError> {
    let message = || "what went wrong".to_owned();
    vec![
        DispatchError::UnknownInterface(CallSite {
            plugin: String::new(),
            ..site()
        }),
        DispatchError::UnknownFunction(site()),
        DispatchError::MissingExport(site()),
        DispatchError::FuelExhausted(site()),
        DispatchError::DeadlineExceeded(site()),
        DispatchError::Trap {
            site: site(),
            message: message(),
            source: Some(wasm_link::wasmtime::Error::msg("the cause")),
        },
        DispatchError::Unusable(site()),
        DispatchError::Reentrant(site()),
        DispatchError::InvalidArguments {
            site: site(),
            message: message(),
        },
        DispatchError::InvalidResource {
            site: site(),
            message: message(),
        },
    ]
}

#[test]
fn shipped_wit_is_the_file_in_wasm_link_wit() {
    assert_eq!(DISPATCH_WIT, wit());
}

#[test]
fn error_variants_and_wit_cases_match_one_to_one_in_order() {
    let encoded: Vec<&str> = one_of_each().iter().map(DispatchError::case_name).collect();
    assert_eq!(
        encoded,
        wit_cases(),
        "DispatchError and dispatch.wit drifted apart"
    );
}

#[test]
fn every_error_encodes_to_a_declared_case_and_decodes_to_an_equal_error() {
    let (cases, fields) = (wit_cases(), wit_fields());
    for error in one_of_each() {
        let val = error.to_val();
        let Val::Variant(case, Some(payload)) = &val else {
            panic!("{error:?} encodes to a variant with a payload, not {val:?}");
        };
        assert!(cases.contains(case), "`{case}` is declared by dispatch.wit");
        assert_eq!(case, error.case_name());
        let Val::Record(record) = &**payload else {
            panic!("the payload of `{case}` is a record, not {payload:?}");
        };
        let names: Vec<&String> = record.iter().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            fields.iter().collect::<Vec<_>>(),
            "the fields of `failure`"
        );
        assert!(
            record.iter().all(|(_, v)| matches!(v, Val::String(_))),
            "{record:?}"
        );

        let back = DispatchError::from_val(&val).unwrap_or_else(|| panic!("`{case}` decodes"));
        assert_eq!(back.case_name(), error.case_name());
        assert_eq!(back.site(), error.site());
        assert_eq!(back.to_string(), error.to_string());
    }
}

#[test]
fn every_declared_case_decodes_to_an_error_of_that_case() {
    let fields = wit_fields();
    for case in wit_cases() {
        let record = fields
            .iter()
            .map(|field| (field.clone(), Val::String(format!("the {field}"))))
            .collect();
        let val = Val::Variant(case.clone(), Some(Box::new(Val::Record(record))));
        let error = DispatchError::from_val(&val)
            .unwrap_or_else(|| panic!("DispatchError has no variant for `{case}`"));
        assert_eq!(error.case_name(), case);
        assert_eq!(
            error.site(),
            &CallSite {
                plugin: "the plugin".to_owned(),
                interface: "the interface".to_owned(),
                function: "the function".to_owned(),
            }
        );
        // Encoding it again gives a value that decodes to the same error.
        let again = DispatchError::from_val(&error.to_val()).expect("re-encoded error decodes");
        assert_eq!(again.case_name(), case);
        assert_eq!(again.site(), error.site());
        assert_eq!(again.to_string(), error.to_string());
    }
}

#[test]
fn values_of_another_shape_do_not_decode() {
    let failure = |fields: &[&str]| {
        Val::Record(
            fields
                .iter()
                .map(|f| ((*f).to_owned(), Val::String(String::new())))
                .collect(),
        )
    };
    let all = ["plugin", "interface", "function", "message"];
    let undeclared = Val::Variant("no-such-case".to_owned(), Some(Box::new(failure(&all))));
    assert!(
        DispatchError::from_val(&undeclared).is_none(),
        "an undeclared case"
    );
    let missing = Val::Variant("trap".to_owned(), Some(Box::new(failure(&all[..3]))));
    assert!(
        DispatchError::from_val(&missing).is_none(),
        "a missing field"
    );
    assert!(
        DispatchError::from_val(&Val::Variant("trap".to_owned(), None)).is_none(),
        "no payload"
    );
    assert!(
        DispatchError::from_val(&Val::String("trap".to_owned())).is_none(),
        "not a variant"
    );
}

#[test]
fn guest_declaring_the_wit_type_receives_a_failure_as_a_dispatch_error() {
    let engine = wasm_link::Engine::default();
    let crasher = plugin(&engine, "dispatch_error_wit/crasher.wat")
        .instantiate(&engine, &linker(&engine))
        .expect("the crasher instantiates");
    let work = Binding::new(
        "test:errors",
        interfaces("work", plain_interface(&["crash"])),
        ExactlyOne("crasher".to_owned(), crasher),
    );
    let reporter = plugin(&engine, "dispatch_error_wit/reporter.wat")
        .link(&engine, linker(&engine), [work])
        .expect("the tagged import with dispatch.wit's type links");
    let report = Binding::new(
        "test:errors",
        interfaces("report", plain_interface(&["report"])),
        ExactlyOne("reporter".to_owned(), reporter),
    );

    let ExactlyOne(_, result) = report.dispatch("report", "report", &[]).expect("dispatch");
    let trap = wit_cases()
        .iter()
        .position(|c| c == "trap")
        .expect("dispatch.wit declares `trap`");
    let trap = u32::try_from(trap).unwrap();
    assert_eq!(
        result.expect("the reporter survives its socket's failure"),
        Val::Tuple(vec![
            Val::U32(100 + trap),
            Val::String("crasher".to_owned())
        ]),
        "the guest got `err(trap(failure))` naming the crasher"
    );
}
