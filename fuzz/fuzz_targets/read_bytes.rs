//! Any bytes, as if a sender had mailed them in as a workbook: sniffed,
//! opened, read into a ledger, validated and scored. Every input must end in
//! a verdict; a panic, a hang or an allocation beyond the limits is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wuyi_fuzz_common::run(data.to_vec());
});

#[path = "common.rs"]
mod wuyi_fuzz_common;
