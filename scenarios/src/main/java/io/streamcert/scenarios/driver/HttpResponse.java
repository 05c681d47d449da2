package io.streamcert.scenarios.driver;

/** A whole HTTP response: status, headers and body. */
record HttpResponse(ResponseHead head, byte[] body) {

  int status() {
    return head.status();
  }

  String header(String name) {
    return head.header(name);
  }
}
