use std::env;

fn main() {
    let a = std::env::var("GITHUB_TOKEN").unwrap();
    let b = env::var("GH_TOKEN");
    let c = env::var_os("GITHUB_PAT");
    let d = env::var("HOME");
}
