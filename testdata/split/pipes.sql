SELECT '{{ghp[:9]}}' || '{{ghp[9:]}}';
