// Every line with a call carries the call(s) the finder must report.
fn set_topics(client: &Client, owner: &str, repo: &str) -> Result<()> {
    client.put(format!("https://api.github.com/repos/{}/{}/topics", owner, repo)).send()?; // expect: PUT /repos/{owner}/{repo}/topics
    Ok(())
}
