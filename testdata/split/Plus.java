String t = "{{ghp[:30]}}" +
    "{{ghp[30:]}}";
