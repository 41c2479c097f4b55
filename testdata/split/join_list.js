// A token split over the elements of an array joined with "".
const t = ["{{ghu[:20]}}", '{{ghu[20:]}}'].join("");
