const auth: string = "token {{ghu}}";
export const refresh = "{{ghr}}";
