// Breaking-change fixture (axios): each `want: ID` line must be reported, nothing else.
import axios from "axios";

export async function limits() {
  const { data } = await axios.get("https://api.github.com/rate_limit");
  return data.rate.remaining; // want: rate-limit-rate information
}

export async function other() {
  const { data } = await axios.get("https://status.example.com/rate_limit");
  return data.rate.remaining;
}
