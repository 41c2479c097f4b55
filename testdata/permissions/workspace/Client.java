// Every line with a call carries the call(s) the finder must report.
class Client {
  void run(String owner, String repo, String body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder()
        .uri(URI.create("https://api.github.com/repos/" + owner + "/" + repo + "/issues")) // expect: POST /repos/{owner}/{repo}/issues
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    Request r = new Request.Builder().url("https://api.github.com/repos/o/r/labels/bug").delete().build(); // expect: DELETE /repos/{owner}/{repo}/labels/{name}
  }
}
