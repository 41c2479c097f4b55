class Main {
    public static void main(String[] args) {
        String a = System.getenv("GITHUB_TOKEN");
        String b = System.getenv( "USER" );
    }
}
