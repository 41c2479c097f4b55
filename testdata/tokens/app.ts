const auth: string = "token {{@github-app-token}}{{ghu}}";
export const refresh = "{{@github-refresh-token}}{{ghr}}";
